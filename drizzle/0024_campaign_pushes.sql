-- 摸底排查 (issue 21; 004: "形成主动发现困难群众工作台账…向县级部门及时推送名单"): a street pushes its list of the
-- year to the county, as often as it has news; each push keeps the counts it carried and when.
CREATE TABLE "campaign_pushes" (
  "push_id" bigserial PRIMARY KEY,
  "campaign_id" text NOT NULL REFERENCES "campaigns" ("campaign_id"),
  "org_code" text NOT NULL,
  "pushed_by" text NOT NULL,
  "pushed_at" timestamp with time zone NOT NULL DEFAULT now(),
  "discovered" integer NOT NULL,
  "visited" integer NOT NULL,
  "invited" integer NOT NULL,
  "overdue" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "campaign_pushes_street_idx" ON "campaign_pushes" ("campaign_id", "org_code", "pushed_at" DESC);
