# yearend messages, English (`--lang en` / YEAREND_LANG=en). One id per message; zh-CN.ftl has the same ids.

check-all-rows = `{ $column }` { $op } { $value } in all { $n } rows
check-no-column = the query returned no column `{ $column }` (it returned: { $columns })
check-no-rows = the query returned no rows, so `{ $column }` { $op } { $value } cannot hold
check-row-fails = row { $row }: `{ $column }` = { $got }, expected { $op } { $value }
check-rows-at-least = { $n } rows (expected at least { $min })
check-rows-at-most = { $n } rows (expected at most { $max })
check-rows-exactly = { $n } rows (expected exactly { $want })
clock-reading = { $text }
clock-summary = { $text }
deadline-days-left = { $days } days left before the { $deadline } deadline: { $problems }
deadline-passed = the { $deadline } deadline has passed: { $problems }
manual-confirmed = confirmed by { $operator }
manual-confirmed-at = confirmed by { $operator } at { $at }
manual-needs-operator = --confirm { $step } needs the operator's name: add --operator NAME
manual-not-confirmed = not confirmed: when done, run again with --confirm { $step } --operator NAME (or answer the prompt in a terminal)
manual-planned = manual step: the run asks a named operator to confirm it
partitions-blocked = stopped before any DDL: { $blocked }
partitions-executed = { $statements } statements added { $partitions } partitions to { $tables } tables; { $verified }
partitions-gaps = { $tables } tables have periods of the closing year without a partition: the statements that fill them are listed (run with fill_gaps: true)
partitions-inspected = { $tables } tables in scope: { $extend } to extend, { $covered } covered, { $excluded } excluded, { $not_time } not time-partitioned, { $review } to review, { $blocked } blocked
partitions-need-review = { $planned }; not covered, need review: { $uncovered }
partitions-scope = { $detail }
partitions-verified = verified table by table: { $tables } time-partitioned tables reach { $year }-12
partitions-verify-failed = verification failed: { $failures }
partitions-would-run = { $statements } statements for { $extend } tables would run; { $covered } tables already covered
preflight-failed = { $failed }
preflight-finding = { $text }
preflight-held = { $n } preflight checks held
statements-not-approved = { $n } statements are ready but were not approved: run again with --yes, or answer yes at the prompt
step-error = { $error }
step-offline = not run: an offline plan from a snapshot has no live database for this step; `yearend plan` on site runs it
step-skipped = not run: step `{ $by }` failed and stops the run
stock-all-covered = { $n } bill types in use, all covered
stock-batch-expires-early = { $code } { $name } 本年度批次有效期至 { $valid_to }，早于 { $dec31 }
stock-new-year-batch = { $year } batch valid on { $jan1 }: { $stock } numbers in stock
stock-no-new-year-batch = no { $year } batch valid on { $jan1 } with numbers in stock (新年度票据未下发或未入库)
stock-none = the stock query returned no bill type in use
stock-problem = { $code } { $name }: { $problem }
stock-short-by = { $code } { $name } short by { $short } numbers
stock-usable = usable through { $cover }: { $usable }; projected use { $projected } ({ $average }/day over the last { $window } days × { $days } days × { $factor })
stock-usable-short = usable through { $cover }: { $usable }; projected use { $projected } ({ $average }/day over the last { $window } days × { $days } days × { $factor }) — short by { $short }
stock-with-flags = { $outcome }; { $flags }
tablespaces-already = { $n } next-year tablespaces already exist
tablespaces-anomalies = stopped, nothing created: { $anomalies }. Existing tablespaces are never changed: contact the tech center (技术中心).
tablespaces-inspected = { $planned } to create, { $already } already exist, { $anomalies } anomalies
tablespaces-missing-dirs = the new tablespace directories do not exist on the database server. As root there, run: { $commands } — then run yearend again
tablespaces-not-applicable = not applicable: MySQL/MariaDB has no per-year tablespaces (partitions stay in their table's tablespace)
tablespaces-verified = verified: { $created } created, { $already } already there
tablespaces-verify-failed = verification failed: not found after creation: { $missing }
tablespaces-would-create = { $n } tablespaces would be created
templates-all-synced = { $n } bill types in use: print and display templates synced
templates-none = the templates query returned no bill type in use
templates-unsynced = { $code } { $name } 未同步{ $missing }
test-list = { $items }
test-tablespaces =
    { $n ->
    [one] { $n } tablespace
   *[other] { $n } tablespaces
}
