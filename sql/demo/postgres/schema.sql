-- Demo hospital e-invoice schema (PostgreSQL). Load with: psql -v year=2026 -f schema.sql
-- :year is the closing year; monthly partitions exist for that year only, as in a hospital
-- that has not rolled over yet.
\set ON_ERROR_STOP on
SELECT set_config('demo.year', :'year', false);

CREATE SCHEMA IF NOT EXISTS einvoice;

CREATE TABLE einvoice.bill_type (
    type_code  varchar(8) PRIMARY KEY,
    type_name  varchar(64) NOT NULL,
    in_use     boolean NOT NULL
);
INSERT INTO einvoice.bill_type VALUES
    ('0101', '门诊收费电子票据', true),
    ('0102', '住院收费电子票据', true),
    ('0201', '挂号费电子票据', true),
    ('0301', '体检费电子票据', false);

-- Next year's basic information, synced from the province platform before the rollover.
CREATE TABLE einvoice.basic_info (
    info_year  integer NOT NULL,
    item       varchar(64) NOT NULL,
    synced_at  timestamp NOT NULL,
    PRIMARY KEY (info_year, item)
);
INSERT INTO einvoice.basic_info
SELECT y, item, now() - interval '3 days'
FROM (VALUES (current_setting('demo.year')::int), (current_setting('demo.year')::int + 1)) AS ys(y),
     (VALUES ('收费项目'), ('票据种类'), ('开票单位'), ('医保目录')) AS items(item);

-- Monthly-partitioned business tables, one shape each as hospitals have them.
CREATE TABLE einvoice.bill_invoice (
    bill_id     bigint NOT NULL,
    issue_date  date NOT NULL,
    type_code   varchar(8) NOT NULL,
    amount      numeric(12,2) NOT NULL
) PARTITION BY RANGE (issue_date);

CREATE TABLE einvoice.pay_record (
    pay_id     bigint NOT NULL,
    pay_month  integer NOT NULL,
    amount     numeric(12,2) NOT NULL
) PARTITION BY RANGE (pay_month);
CREATE TABLE einvoice.pay_record_pdefault PARTITION OF einvoice.pay_record DEFAULT;

CREATE TABLE einvoice.op_log (
    log_id    bigint NOT NULL,
    log_time  timestamp NOT NULL,
    message   text
) PARTITION BY RANGE (log_time);

DO $$
DECLARE
    y int := current_setting('demo.year')::int;
    m int;
    lo date;
    hi date;
BEGIN
    FOR m IN 1..12 LOOP
        lo := make_date(y, m, 1);
        hi := (lo + interval '1 month')::date;
        EXECUTE format('CREATE TABLE einvoice.bill_invoice_p%s PARTITION OF einvoice.bill_invoice FOR VALUES FROM (%L) TO (%L)',
                       to_char(lo, 'YYYYMM'), lo, hi);
        EXECUTE format('CREATE TABLE einvoice.pay_record_p%s PARTITION OF einvoice.pay_record FOR VALUES FROM (%s) TO (%s)',
                       to_char(lo, 'YYYYMM'), to_char(lo, 'YYYYMM'), to_char(hi, 'YYYYMM'));
        EXECUTE format('CREATE TABLE einvoice.op_log_p%s PARTITION OF einvoice.op_log FOR VALUES FROM (%L) TO (%L)',
                       to_char(lo, 'YYYYMM'), lo::timestamp, hi::timestamp);
    END LOOP;
END $$;

INSERT INTO einvoice.bill_invoice
SELECT g, make_date(current_setting('demo.year')::int, 1, 1) + (g % 330), '0101', 25.00 + g % 100
FROM generate_series(1, 5000) g;
INSERT INTO einvoice.pay_record
SELECT g, current_setting('demo.year')::int * 100 + 1 + g % 11, 10.00
FROM generate_series(1, 2000) g;

-- Invoice stock (库存): number ranges issued to the hospital per bill type and batch.
CREATE TABLE einvoice.stock_batch (
    batch_id    serial PRIMARY KEY,
    type_code   varchar(8) NOT NULL REFERENCES einvoice.bill_type,
    batch_year  integer NOT NULL,
    valid_from  date NOT NULL,
    valid_to    date NOT NULL,
    start_no    bigint NOT NULL,
    end_no      bigint NOT NULL,
    next_no     bigint NOT NULL,         -- next number to issue; remaining = end_no - next_no + 1
    stocked     boolean NOT NULL DEFAULT true   -- 入库: received into the hospital's stock
);
INSERT INTO einvoice.stock_batch (type_code, batch_year, valid_from, valid_to, start_no, end_no, next_no)
SELECT code, y, make_date(y, 1, 1), make_date(y + 1, 6, 30), 1, size, size - left_now + 1
FROM (SELECT current_setting('demo.year')::int AS y) yy,
     (VALUES ('0101', 200000, 25000), ('0102', 40000, 4000), ('0201', 80000, 10000)) AS b(code, size, left_now)
UNION ALL
-- Next year's batches, issued and stocked (入库) ahead of 12-25.
SELECT code, y + 1, make_date(y + 1, 1, 1), make_date(y + 1, 12, 31), 1, size, 1
FROM (SELECT current_setting('demo.year')::int AS y) yy,
     (VALUES ('0101', 150000), ('0102', 30000), ('0201', 60000)) AS b(code, size);

-- Two years of daily usage per bill type (last year's and this year's, to 12-31), with the
-- December peak of year-end settlements.
CREATE TABLE einvoice.bill_usage_daily (
    type_code   varchar(8) NOT NULL,
    usage_day   date NOT NULL,
    issued      integer NOT NULL,
    PRIMARY KEY (type_code, usage_day)
);
INSERT INTO einvoice.bill_usage_daily
SELECT code, d::date,
       base + (extract(doy FROM d)::int % 7) * base / 20 + CASE WHEN extract(month FROM d) = 12 THEN base / 2 ELSE 0 END
FROM generate_series(make_date(current_setting('demo.year')::int - 1, 1, 1),
                     make_date(current_setting('demo.year')::int, 12, 31), interval '1 day') AS d,
     (VALUES ('0101', 400), ('0102', 60), ('0201', 150)) AS u(code, base);

-- Print and display templates synced to the provincial platform (行业).
CREATE TABLE einvoice.bill_template (
    type_code        varchar(8) PRIMARY KEY REFERENCES einvoice.bill_type,
    print_synced     boolean NOT NULL,
    display_synced   boolean NOT NULL,
    print_version    varchar(16),
    display_version  varchar(16)
);
INSERT INTO einvoice.bill_template VALUES
    ('0101', true, true, 'P-2026.3', 'D-2026.3'),
    ('0102', true, true, 'P-2026.2', 'D-2026.2'),
    ('0201', true, true, 'P-2026.1', 'D-2026.1'),
    ('0301', false, false, NULL, NULL);
