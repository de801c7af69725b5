CREATE TABLE "room_chat" (
	"room_id" text NOT NULL,
	"seq" integer NOT NULL,
	"client_message_id" text NOT NULL,
	"peer_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"pivot_id" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_chat_room_id_seq_pk" PRIMARY KEY("room_id","seq")
);
--> statement-breakpoint
CREATE TABLE "room_elements" (
	"room_id" text NOT NULL,
	"element_id" text NOT NULL,
	"seq" integer NOT NULL,
	"version" integer NOT NULL,
	"version_nonce" bigint NOT NULL,
	"is_deleted" boolean NOT NULL,
	"changed_by" text,
	"element" jsonb NOT NULL,
	CONSTRAINT "room_elements_room_id_element_id_pk" PRIMARY KEY("room_id","element_id")
);
--> statement-breakpoint
CREATE TABLE "room_scorecards" (
	"room_id" text NOT NULL,
	"dimension" text NOT NULL,
	"score" integer NOT NULL,
	"notes" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "room_scorecards_room_id_dimension_pk" PRIMARY KEY("room_id","dimension")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" text PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"token_hash" text NOT NULL,
	"candidate_token_hash" text,
	"problem_id" text,
	"level" text,
	"duration_minutes" integer,
	"clock_speed" real NOT NULL,
	"started_at" timestamp with time zone,
	"seq" integer DEFAULT 0 NOT NULL,
	"seq_reserved" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "room_chat" ADD CONSTRAINT "room_chat_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_elements" ADD CONSTRAINT "room_elements_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_scorecards" ADD CONSTRAINT "room_scorecards_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "room_chat_client_message_idx" ON "room_chat" USING btree ("room_id","client_message_id");--> statement-breakpoint
CREATE INDEX "room_elements_seq_idx" ON "room_elements" USING btree ("room_id","seq");