CREATE TABLE "session_board_entries" (
	"owner_id" text NOT NULL,
	"n" integer NOT NULL,
	"at_ms" double precision NOT NULL,
	"keyframe" boolean NOT NULL,
	"entry" jsonb NOT NULL,
	CONSTRAINT "session_board_entries_owner_id_n_pk" PRIMARY KEY("owner_id","n")
);
--> statement-breakpoint
ALTER TABLE "session_board_entries" ADD CONSTRAINT "session_board_entries_owner_id_sessions_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;