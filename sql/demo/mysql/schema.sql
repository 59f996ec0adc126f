-- Demo hospital e-invoice schema (MariaDB flavour): monthly-partitioned invoice, payment and log
-- tables for the closing year, bill types, basic information, stock, usage and templates.
-- Run with @year set to the closing year first:  SET @year = 2026;  then this file.
-- (seq_1_to_12 and friends come from MariaDB's Sequence engine.)

-- Partition lists are built from @year, then the tables created with prepared statements.
SET @to_days = (SELECT GROUP_CONCAT(CONCAT('PARTITION p', @year, LPAD(seq, 2, '0'), ' VALUES LESS THAN (TO_DAYS(''',
                DATE_FORMAT(DATE_ADD(MAKEDATE(@year, 1), INTERVAL seq MONTH), '%Y-%m-%d'), '''))') ORDER BY seq SEPARATOR ', ')
                FROM seq_1_to_12);
SET @yyyymm = (SELECT GROUP_CONCAT(CONCAT('PARTITION p', @year, LPAD(seq, 2, '0'), ' VALUES LESS THAN (',
               IF(seq = 12, (@year + 1) * 100 + 1, @year * 100 + seq + 1), ')') ORDER BY seq SEPARATOR ', ')
               FROM seq_1_to_12);
SET @columns = (SELECT GROUP_CONCAT(CONCAT('PARTITION p', @year, LPAD(seq, 2, '0'), ' VALUES LESS THAN (''',
                DATE_FORMAT(DATE_ADD(MAKEDATE(@year, 1), INTERVAL seq MONTH), '%Y-%m-%d'), ''')') ORDER BY seq SEPARATOR ', ')
                FROM seq_1_to_12);
SET @sql = CONCAT('CREATE TABLE bill_invoice (bill_id bigint NOT NULL, issue_date date NOT NULL, type_code varchar(8) NOT NULL, ',
                  'amount decimal(12,2) NOT NULL) PARTITION BY RANGE (TO_DAYS(issue_date)) (', @to_days,
                  ', PARTITION pmax VALUES LESS THAN MAXVALUE)');
PREPARE s FROM @sql; EXECUTE s; DEALLOCATE PREPARE s;
SET @sql = CONCAT('CREATE TABLE pay_record (pay_id bigint NOT NULL, pay_month int NOT NULL, amount decimal(12,2) NOT NULL) ',
                  'PARTITION BY RANGE (pay_month) (', @yyyymm, ')');
PREPARE s FROM @sql; EXECUTE s; DEALLOCATE PREPARE s;
SET @sql = CONCAT('CREATE TABLE op_log (log_id bigint NOT NULL, log_date date NOT NULL, message text) ',
                  'PARTITION BY RANGE COLUMNS (log_date) (', @columns, ')');
PREPARE s FROM @sql; EXECUTE s; DEALLOCATE PREPARE s;
INSERT INTO bill_invoice
SELECT seq, DATE_ADD(MAKEDATE(@year, 1), INTERVAL seq % 330 DAY), '0101', 25.00 + seq % 100 FROM seq_1_to_5000;
INSERT INTO pay_record SELECT seq, @year * 100 + 1 + seq % 11, 10.00 FROM seq_1_to_2000;

CREATE TABLE basic_info (
    info_year  int NOT NULL,
    item       varchar(64) NOT NULL,
    synced_at  datetime NOT NULL,
    PRIMARY KEY (info_year, item)
);
INSERT INTO basic_info
SELECT y.y, i.item, NOW() - INTERVAL 3 DAY
FROM (SELECT @year AS y UNION ALL SELECT @year + 1) y
JOIN (SELECT '收费项目' AS item UNION ALL SELECT '票据种类' UNION ALL SELECT '开票单位' UNION ALL SELECT '医保目录') i;
CREATE TABLE bill_type (
    type_code  varchar(8) PRIMARY KEY,
    type_name  varchar(64) NOT NULL,
    in_use     boolean NOT NULL
);
INSERT INTO bill_type VALUES
    ('0101', '门诊收费电子票据', true),
    ('0102', '住院收费电子票据', true),
    ('0201', '挂号费电子票据', true),
    ('0301', '体检费电子票据', false);

CREATE TABLE stock_batch (
    batch_id    int AUTO_INCREMENT PRIMARY KEY,
    type_code   varchar(8) NOT NULL,
    batch_year  int NOT NULL,
    valid_from  date NOT NULL,
    valid_to    date NOT NULL,
    start_no    bigint NOT NULL,
    end_no      bigint NOT NULL,
    next_no     bigint NOT NULL,
    stocked     boolean NOT NULL DEFAULT true
);
INSERT INTO stock_batch (type_code, batch_year, valid_from, valid_to, start_no, end_no, next_no) VALUES
    ('0101', @year, MAKEDATE(@year, 1), MAKEDATE(@year + 1, 181), 1, 200000, 175001),
    ('0102', @year, MAKEDATE(@year, 1), MAKEDATE(@year + 1, 181), 1, 40000, 36001),
    ('0201', @year, MAKEDATE(@year, 1), MAKEDATE(@year + 1, 181), 1, 80000, 70001),
    ('0101', @year + 1, MAKEDATE(@year + 1, 1), DATE_SUB(MAKEDATE(@year + 2, 1), INTERVAL 1 DAY), 1, 150000, 1),
    ('0102', @year + 1, MAKEDATE(@year + 1, 1), DATE_SUB(MAKEDATE(@year + 2, 1), INTERVAL 1 DAY), 1, 30000, 1),
    ('0201', @year + 1, MAKEDATE(@year + 1, 1), DATE_SUB(MAKEDATE(@year + 2, 1), INTERVAL 1 DAY), 1, 60000, 1);

CREATE TABLE bill_usage_daily (
    type_code  varchar(8) NOT NULL,
    usage_day  date NOT NULL,
    issued     int NOT NULL,
    PRIMARY KEY (type_code, usage_day)
);
-- Every day from 1 January of last year to 12-31, with the December peak (seq_0_to_729
-- comes from the Sequence engine).
INSERT INTO bill_usage_daily
SELECT u.code, DATE_ADD(MAKEDATE(@year - 1, 1), INTERVAL s.seq DAY),
       u.base + (s.seq % 7) * u.base DIV 20 + IF(MONTH(DATE_ADD(MAKEDATE(@year - 1, 1), INTERVAL s.seq DAY)) = 12, u.base DIV 2, 0)
FROM seq_0_to_729 s
JOIN (SELECT '0101' AS code, 400 AS base UNION ALL SELECT '0102', 60 UNION ALL SELECT '0201', 150) u
WHERE DATE_ADD(MAKEDATE(@year - 1, 1), INTERVAL s.seq DAY) < MAKEDATE(@year + 1, 1);

CREATE TABLE bill_template (
    type_code        varchar(8) PRIMARY KEY,
    print_synced     boolean NOT NULL,
    display_synced   boolean NOT NULL,
    print_version    varchar(16),
    display_version  varchar(16)
);
INSERT INTO bill_template VALUES
    ('0101', true, true, 'P-2026.3', 'D-2026.3'),
    ('0102', true, true, 'P-2026.2', 'D-2026.2'),
    ('0201', true, true, 'P-2026.1', 'D-2026.1'),
    ('0301', false, false, NULL, NULL);
