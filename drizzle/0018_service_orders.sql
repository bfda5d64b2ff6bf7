-- 服务类救助 (001 §五, §十): services bought for people of assistance households at the county's catalogue
-- prices, within the person's monthly cap (the 特困 basic standard) and the county's yearly cap (5 % of
-- last year's assistance spending); verified orders are spending of type `services`.
CREATE TABLE "service_orders" (
  "id" bigserial PRIMARY KEY,
  "order_id" text GENERATED ALWAYS AS ('service-' || "id"::text) STORED,
  "org_code" text NOT NULL,
  "county_code" text NOT NULL,
  "person_id_hash" text NOT NULL,
  "person_name" text NOT NULL,
  "benefit_id" text,
  "case_id" text,
  "service" text NOT NULL,
  "service_name" text NOT NULL,
  "unit" text NOT NULL,
  "units" integer NOT NULL CHECK ("units" > 0),
  "unit_price_fen" bigint NOT NULL CHECK ("unit_price_fen" > 0),
  "amount_fen" bigint NOT NULL CHECK ("amount_fen" > 0),
  "provider" text NOT NULL,
  "month" text NOT NULL,
  "status" text NOT NULL DEFAULT 'ordered' CHECK ("status" IN ('ordered', 'delivered', 'verified', 'cancelled')),
  "verified_at" timestamp with time zone,
  "history" jsonb NOT NULL DEFAULT '[]',
  "request_id" text,
  "created_by" text NOT NULL,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  CHECK ("benefit_id" IS NOT NULL OR "case_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "service_orders_id_uq" ON "service_orders" ("order_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "service_orders_request_uq" ON "service_orders" ("request_id");
--> statement-breakpoint
CREATE INDEX "service_orders_person_idx" ON "service_orders" ("person_id_hash", "month");
--> statement-breakpoint
CREATE INDEX "service_orders_county_idx" ON "service_orders" ("county_code", "month");
--> statement-breakpoint
-- A placeholder catalogue (prices are the county's to publish) and, for a county without last year's
-- records, a placeholder prior-year spending of 10,000,000 元 (cap 500,000 元).
INSERT INTO "policies" ("region_code", "key", "effective_from", "value", "source") VALUES
  ('000000', 'services', '2020-01-01', '{"catalogue":[{"service":"visit","name":"探视巡访","unit":"次","unitPriceFen":5000},{"service":"care","name":"照料护理","unit":"小时","unitPriceFen":3000},{"service":"rehab","name":"康复训练","unit":"次","unitPriceFen":8000},{"service":"social-work","name":"专业社会工作服务","unit":"次","unitPriceFen":10000}],"priorYearSpendingFen":1000000000}', 'ours; placeholder')
ON CONFLICT DO NOTHING;
