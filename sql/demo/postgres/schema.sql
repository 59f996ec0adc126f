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
