CREATE TABLE "reports" (
	"session_id" text PRIMARY KEY NOT NULL,
	"rubric_version" text NOT NULL,
	"scorer" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"session_id" text NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"at_ms" double precision NOT NULL,
	"client_message_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_events_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"client_key_hash" text,
	"problem_id" text NOT NULL,
	"level" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"clock_speed" real NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"phase" text NOT NULL,
	"last_seq" integer NOT NULL,
	"ended_at" timestamp with time zone,
	"scene" jsonb,
	"scene_svg" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_events" ADD CONSTRAINT "session_events_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "session_events_client_message_idx" ON "session_events" USING btree ("session_id","client_message_id") WHERE "session_events"."client_message_id" is not null;--> statement-breakpoint
CREATE INDEX "sessions_client_key_idx" ON "sessions" USING btree ("client_key_hash","created_at");