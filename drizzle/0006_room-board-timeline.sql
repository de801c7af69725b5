CREATE TABLE "room_board_entries" (
	"owner_id" text NOT NULL,
	"n" integer NOT NULL,
	"at_ms" double precision NOT NULL,
	"keyframe" boolean NOT NULL,
	"entry" jsonb NOT NULL,
	CONSTRAINT "room_board_entries_owner_id_n_pk" PRIMARY KEY("owner_id","n")
);
--> statement-breakpoint
ALTER TABLE "room_board_entries" ADD CONSTRAINT "room_board_entries_owner_id_rooms_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;