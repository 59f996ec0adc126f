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
quota-ok = the owners may store rows where the new partitions go ({ $pairs } owner × tablespace pairs, unlimited)
quota-missing = an owner has no unlimited quota where new partitions go (ORA-01950 on the first row of 1 January); the DBA runs: { $statements }
quota-not-read = owners' tablespace quotas NOT checked: this snapshot holds none (taken by an older yearend); check DBA_TS_QUOTAS by hand
partitions-executed = { $statements } statements added { $partitions } partitions to { $tables } tables; { $verified }
partitions-gaps = { $tables } tables have periods of the closing year without a partition: the statements that fill them are listed (run with fill_gaps: true)
partitions-inspected = { $tables } tables in scope: { $extend } to extend, { $covered } covered, { $excluded } excluded, { $not_time } not time-partitioned, { $review } to review, { $blocked } blocked
partitions-need-review = { $planned }; not covered, need review: { $uncovered }
partitions-unequal = { $planned }; new partitions differ from their siblings: { $differences }
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
stock-basis-busiest_week = no last year’s data: the busiest week of the recent window, { $week }/day
stock-basis-last_year = last year’s same days, { $last_year }, × growth { $growth }
stock-basis-recent = the recent window, { $recent }/day
stock-batch-expires-early = { $code } { $name } 本年度批次有效期至 { $valid_to }，早于 { $dec31 }
stock-column-missing = the query { $query } returns no `{ $column }` column (the contract in README): what it tells cannot be checked; update the query
stock-covers = stocked { $stock } for { $from } … { $until }; projected use { $projected } ({ $days } days, { $basis }, × { $factor }); short by { $short }; issued but not stocked { $not_stocked }
stock-data-untrusted = the vendor data cannot be trusted: { $problems }
stock-duplicate-batch = { $code }: batch { $batch } appears twice (row { $row }): counted once
stock-in-use-unreadable = { $code } { $name }, row { $row }: in_use `{ $value }` is not a yes/no this tool reads ({ $accepted })
stock-new-year-batch = { $year } batch valid on { $jan1 }: { $stock } numbers in stock
stock-no-new-year-batch = no { $year } batch valid on { $jan1 } with numbers in stock (新年度票据未下发或未入库)
stock-none = the stock query returned no bill type in use
stock-problem = { $code } { $name }: { $problem }
stock-short-by = { $code } { $name } short by { $short } numbers
stock-usable = usable through { $cover }: { $usable }; projected use { $projected } ({ $average }/day over the last { $window } days × { $days } days × { $factor })
stock-usable-short = usable through { $cover }: { $usable }; projected use { $projected } ({ $average }/day over the last { $window } days × { $days } days × { $factor }) — short by { $short }
stock-usage-day-unreadable = { $code }: { $n } usage rows whose day is not a date (rows { $rows })
stock-usage-empty = { $code }: { $n } usage rows with no count (rows { $rows }): left out
stock-usage-negative = { $code }: { $n } usage rows with a negative count (rows { $rows }): left out
stock-usage-short-history = { $code }: usage data covers { $days } of the last { $window } days
stock-usage-stale = { $code }: usage data stops at { $last }, { $days } days ago (more than { $limit }): the projection would be low
stock-with-flags = { $outcome }; { $flags }
tablespaces-already = { $n } next-year tablespaces already exist
tablespaces-anomalies = stopped, nothing created: { $anomalies }. Existing tablespaces are never changed: contact the tech center (技术中心).
tablespaces-inspected = { $planned } to create, { $already } already exist, { $anomalies } anomalies
tablespaces-missing-dirs = the new tablespace directories do not exist on the database server. As root there, run: { $commands } — then run yearend again
tablespaces-standbys = standbys replay this server's CREATE TABLESPACE: { $standbys }. On each standby, create { $dirs } (empty, owned by the server's OS user, mode 700), then run again with --confirm { $step } --operator NAME; without the directory a standby stops replaying
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
step-interrupted = interrupted by { $signal }: stopped here; run again to go on
new-year-touches = what else the new year touches (yearend changes none of it): { $findings }

# errors (files)
noun-plan-file = plan file
noun-site-file = site file
io-not-found = no such file
io-permission-denied = permission denied
err-file-unreadable = { $path }: cannot read the { $what }: { $reason }
err-file-too-big = { $path }: the { $what } is { $size } bytes; a { $what } is at most 1 MiB — is this the right file?
err-file-not-utf8 = { $at }: the { $what } is not UTF-8 (byte { $byte }; GBK or GB18030 perhaps): save it as UTF-8, e.g. iconv -f GB18030 -t UTF-8 { $path } > fixed.yaml
err-yaml-tab = { $at }: a tab in the indentation: YAML does not allow tabs for indentation; indent with spaces
err-yaml-too-many-aliases = { $at }: more than { $max } YAML aliases (*name): refused, an alias bomb expands to gigabytes; write the values out
err-yaml-alias-bomb = { $at }: YAML aliases (*name) here expand beyond any plan's size (an alias bomb): refused; write the values out
err-yaml-unknown-anchor = { $cause } (a value starting with * must be quoted, e.g. "*_log")
err-yaml-unknown-field = unknown field { $field }{ $suggestion }; expected one of { $expected }
err-yaml-missing-field = missing field { $field }
err-yaml-invalid-type = invalid type: { $got }, expected { $expected }
err-yaml-unknown-variant = unknown variant { $got }{ $suggestion }; expected one of { $expected }
err-yaml-syntax = { $cause }

# errors (run, locks, state directory)
word-none = none
err-lock-timeout-not-set = cannot set the lock timeout: { $cause }
err-confirm-no-such-step = --confirm { $step }: the plan has no manual or tablespaces step `{ $step }` (steps that take a confirmation: { $steps })
err-plan-changed = the plan changed since this rollover started (sha256 { $then } then, { $now } now). Review the change; to continue with the new plan, run again with --replan (it is journaled).
err-snapshot-other-site = { $path }: the snapshot is of site { $snap_site } ({ $snap_db }), not of { $site } ({ $site_db }) in { $site_path }
err-run-lock-failed = cannot take the run lock in the database: { $cause }
err-run-lock-held = another yearend run holds the database run lock `{ $key }` (from another machine or state directory). Wait for it to finish; the server releases the lock when that session ends.
err-saved-other-site = it is for site { $saved }, not { $site }
err-saved-plan-stale = the saved plan no longer matches the database, so it is not run: { $why }. Nothing was changed. Make and review a new one (yearend plan --out).
err-cannot-read = { $path }: cannot read: { $cause }
err-cannot-write = { $path }: cannot write: { $cause }
err-cannot-lock = { $path }: cannot lock: { $cause }
err-state-dir = cannot create the state directory { $path }: { $cause }. Set state_dir: in the site file to a writable directory (relative to the site file), or pass --state-dir; use the same directory for this hospital and year from then on.
err-state-lock-held = another yearend run holds the lock for this site and year: { $who } (lock file { $path }). Wait for it to finish, or check `yearend status`.
err-lock-other-host = the lock file { $path } was written by a run on another host: { $who }. This host cannot tell whether it still runs. If no yearend run is in progress there, delete the lock file and run again.
err-state-symlink = { $path } is a symbolic link: yearend never writes through a link in its state directory (a link to another file would overwrite it). Remove the link, or choose another --state-dir.
err-env-number = { $name }=`{ $value }` must be a whole number from { $min } to { $max }
err-today-not-date = --today / YEAREND_TODAY `{ $value }` is not a date YYYY-MM-DD (for example 2026-12-20)
err-year-needed = --year is needed outside December and January (today is { $today }): which year does this rollover open? e.g. --year { $next } (or rehearse with --today { $this }-12-20)
err-year-not-next = --year { $year }: the rollover opens next year ({ $next } for today { $today }); to rehearse another year, set --today too

# errors (connecting)
err-connect = cannot connect to { $url }: { $cause } — { $hint }
hint-connect-password = check the user and YEAREND_DB_PASSWORD (or type it at the prompt)
hint-connect-certificate = the server's certificate was refused: check sslrootcert (the CA that signed it) and that the host in the URL is a name or address the certificate holds
hint-connect-pg-encryption = the server asks for or refuses encryption: match the URL's sslmode to pg_hba.conf (hostssl/hostnossl)
hint-connect-pg-unreachable = check that the server runs, listens on that address and port, and that pg_hba.conf admits this host
hint-connect-mysql-unreachable = check that the server runs and listens on that address and port
hint-ora-12514 = the listener does not know that service name: check it with `lsnrctl status` on the server
hint-ora-12737 = the Instant Client is Basic Light, which lacks the database's character set (ZHS16GBK): install the 19.x Basic package
hint-ora-03134 = this Instant Client is too new for the database: use Instant Client 19.x (it connects to 11.2 and later)
hint-ora-28040 = client and server share no authentication protocol: use Instant Client 19.x, or ask the DBA about SQLNET.ALLOWED_LOGON_VERSION_SERVER in the server's sqlnet.ora
hint-ora-12154 = the connect identifier cannot be resolved: write the URL as oracle://user@host:1521/SERVICE_NAME (no TNS alias)
hint-ora-12541 = nothing listens at that host and port: check the port (1521 by default) and that the listener runs (`lsnrctl status`)
hint-ora-unreachable = check that the listener runs and that the host, port and service name are right
err-oracle-client-missing = Oracle Instant Client was not found (DPI-1047). yearend loads it at run time: install Oracle Instant Client 19.x, the Basic package (not Basic Light: it lacks the ZHS16GBK character set hospital databases use, ORA-12737), 64-bit, and libaio (Debian: apt-get install libaio1), then point LD_LIBRARY_PATH at its directory, for example export LD_LIBRARY_PATH=/opt/oracle/instantclient_19_25 — and run yearend again. 19.x connects to Oracle 11.2 and later; 21c only to 12.1+, 23ai only to 19c+. Nothing was changed.

# errors (database URL)
url-shape = a database URL looks like postgres://user@host:5432/dbname
url-unknown-scheme = unknown database scheme `{ $scheme }`: use oracle://, postgres:// or mysql://
url-password = the URL holds a password: remove it; give the password in YEAREND_DB_PASSWORD or at the prompt
url-password-option = the URL holds a password (?password=…): remove it; give the password in YEAREND_DB_PASSWORD or at the prompt
url-bad-port = `{ $port }` is not a port number
url-no-host = the URL names no host
url-no-database = the URL names no database
url-no-service = the URL names no service name
url-unknown-option = the URL option `{ $option }` is not supported: yearend honours only sslmode and sslrootcert; remove it
url-oracle-sslmode = sslmode is for PostgreSQL and MySQL: Oracle encryption is configured in the client's sqlnet.ora (and wallet), not in the URL; remove it
url-verify-full-needs-ca = sslmode=verify-full needs the hospital's CA certificate: add &sslrootcert=/path/to/ca.pem
url-verify-ca = sslmode=verify-ca is not supported: use verify-full (the CA and the host name), or require
url-rootcert-alone = sslrootcert is used only with sslmode=verify-full
url-bad-sslmode = sslmode={ $mode } is not one of disable, require, verify-full

# errors (site file)
site-exclude-table = `{ $table }` must be schema.table (globs with * allowed)
site-exclude-reason = say why { $table } is not extended (the report shows it)
site-key-format-table = `{ $table }` must be schema.table
site-password = passwords never go in the site file: remove this line and set YEAREND_DB_PASSWORD, or let yearend prompt for it
site-bad-code = hospital code `{ $code }` must be at most 32 letters, digits, - or _ (it names the state directory)
site-query-role-postgres-only = query_role is honoured on PostgreSQL only: on MySQL/MariaDB and Oracle SET ROLE adds a role's privileges to the user's own instead of replacing them, so it would not make the queries read-only. Remove it and give the database user SELECT on the vendor tables only
site-bad-role = role `{ $role }` is not a plain identifier
site-bad-schema = schema `{ $schema }` is not a plain identifier (letters, digits, _ and $)
site-bad-clock-host = `{ $host }` is not a clock host: write local, database, http://host:port/ or ssh:user@host (https is not read: no TLS in this version)

# errors (plan file)
plan-query-file-missing = { $path }: step `{ $step }`: query file `{ $file }` not found for { $db } (looked in { $looked })
plan-extends-unreadable = extends `{ $path }`: { $reason } (the path is relative to this file)
plan-extends-cycle = extends cycle: { $chain }
plan-bad-step-id = step id `{ $step }` must be lower-case letters, digits, - or _
plan-duplicate-step-id = duplicate step id `{ $step }`
plan-field-not-for-kind = step `{ $step }`: `{ $field }` does not apply to a { $kind } step (it takes: { $takes })
plan-field-needed = step `{ $step }`: a { $kind } step needs `{ $field }`
plan-list-empty = step `{ $step }`: `{ $key }` is empty
plan-percent-pattern = step `{ $step }`: pattern `{ $pattern }` holds `%`: patterns are globs: use `*` (for example { $glob })
plan-tablespace-no-year = step `{ $step }`: tablespace `{ $name }` has no {"{"}year{"}"}: write e.g. EINV_DATA_{"{"}year{"}"}
plan-safety-factor = step `{ $step }`: safety_factor { $value } must be between 1.0 and 10.0
plan-timetable-unknown-step = timetable names step `{ $step }`, which the plan does not have{ $suggestion }; the plan's steps: { $steps }
plan-no-mode = the plan has no `mode` (here or in what it extends): add `mode: old_year_bills_usable` (往年票可用) or `mode: old_year_bills_unusable` (往年票不可用)
plan-no-steps = the plan has no steps

# errors (plan queries)
query-file-missing = step `{ $step }`: query file `{ $file }` not found
query-other-schema = { $path }: { $why }. Qualify the tables with the site's schema ({"{{"} ident(schemas[0]) {"}}"}.table)
query-privilege = step `{ $step }`: { $path } needs a privilege { $who } lacks ({ $why }); ask the DBA for SELECT on it
query-role-named = the query role { $role }
query-database-user = the database user
query-failed = step `{ $step }`: the query { $path } failed: { $cause }. Check the query against this database's schema.

# validate
validate-site-ok = { $path }: ok — { $hospital } ({ $code }), database { $url }
validate-plan-ok = { $path }: ok — plan "{ $name }", mode { $mode }, { $steps } steps, sha256 { $sha }
validate-due = due { $date }

# preflight
pf-ok = ok
pf-fail = FAIL
pf-failed-item = { $name }: { $text }
pf-name-role = role
pf-name-open-mode = open_mode
pf-name-archivelog = archivelog
pf-name-privileges = privileges
pf-name-select = select
pf-name-backup = backup
pf-cannot-read = preflight cannot read what it checks: { $cause }. The rollover user needs to read the catalog (Oracle: SELECT_CATALOG_ROLE or SELECT ANY DICTIONARY)
pf-db-clock = info  database clock { $time } ({ $offset } s from this host)
pf-select-any = { $user } holds SELECT ANY TABLE: every table the plan reads
pf-select-ok = { $user } may read the { $n } tables of other schemas the plan reads
pf-select-missing = missing (the step would stop at ORA-00942): { $grants }; or GRANT SELECT ANY TABLE TO { $user }
pf-backup-not-checkable = max_backup_age cannot be checked on { $db }: the database keeps no backup catalog. Check the backup by hand (a manual step) and remove max_backup_age from this plan
pf-ora-role = database role { $role } (must be PRIMARY: DDL on a standby is lost or refused)
pf-ora-open-mode = open mode { $mode } (must be READ WRITE)
pf-ora-log-mode = log mode { $mode } (the plan requires ARCHIVELOG)
pf-for-tablespaces = the tablespaces step
pf-for-foreign-partitions = the partitions step on tables of other schemas
pf-grant-for = { $grant } (for { $why })
pf-privileges-ok-list = { $user } holds what the plan needs ({ $list })
pf-privileges-ok = { $user } holds what the plan needs
pf-missing = missing: { $items }
pf-ora-no-backup = no completed RMAN database backup in V$RMAN_BACKUP_JOB_DETAILS (the plan asks for one within { $max })
pf-ora-backup-age = latest RMAN backup completed { $last }, { $hours } h ago (the plan asks within { $max })
pf-standby = the server is a standby (in recovery): run the rollover on the primary
pf-primary = primary (not in recovery)
pf-pg-read-only = default_transaction_read_only is { $value } for { $user }
pf-pg-archive-mode = archive_mode is { $mode } (the plan requires WAL archiving)
pf-pg-superuser = CREATE TABLESPACE needs a superuser: ALTER ROLE { $user } SUPERUSER, or run as one
pf-pg-not-owner = { $user } does not own { $n } partitioned tables, so cannot add partitions to them: { $tables } — GRANT <owner> TO { $user }
pf-my-read-only = the server is read_only (a replica?): run the rollover on the primary
pf-my-read-write = read-write (read_only = 0)
pf-my-log-bin = log_bin is { $value } (the plan requires binary logging)
pf-my-alter-ok = { $user } holds ALTER on the schemas
pf-my-alter-missing = missing: { $grants } (privileges granted through roles are not seen)

# clock
clock-no-ntp = no NTP server in the site file (ntp:): there is no standard time to compare with
clock-no-ntp-answer = no NTP server answered usably ({ $tried })
clock-too-few-sources = only { $usable } usable NTP server(s); the site requires ntp_min_sources: { $min }
clock-no-majority = the NTP servers disagree and no majority agrees (largest agreeing set { $chosen } of { $usable }): find which server is wrong before trusting any ({ $readings })
clock-no-hosts = no clock_hosts in the site file: nothing was checked
clock-wrong-zone = { $host } runs in zone { $zone }, the site is in { $site } (time_zone:): the first hours of 1 January would be stamped 31 December; set the server's zone to { $site } (PostgreSQL: timezone in postgresql.conf; MariaDB: default_time_zone; OS: timedatectl set-timezone)
clock-host-off = { $host } is { $offset } s off standard time (limit ±{ $limit } s)
clock-host-unmeasured-why = { $host } cannot be measured: { $why }
clock-host-unmeasured = { $host } cannot be measured
clock-single-source = { $label }: only { $only } answered usably ({ $configured } configured); add a second NTP server to ntp:
clock-drifting = { $host } is { $offset } s ±{ $uncertainty } s off standard time, beyond { $warn } s: its time sync is not working; fix it before 1 January
clock-summary-hosts = { $n } hosts within ±{ $limit } s of standard time (largest offset { $worst } s)

# tablespaces
ts-planned-line = { $from } → { $name } in { $location }
ts-already-line = { $name } already exists beside this year's
ts-unknown-dir = note: cannot check { $dir } from here (needs pg_read_server_files); it must exist, be empty and belong to the server's OS user

# check, templates and stock terminal lines
check-line-passed = check { $query }: passed — { $text }
check-line-failed = check { $query }: FAILED — { $text }
templates-versions = print { $print }, display { $display }
templates-ok = ok
templates-missing = MISSING
templates-unsynced-list = 未同步: { $items }
stock-note = note: { $text }
stock-data = data [{ $level }]: { $text }

# coverage
cov-period = { $period }
cov-single-upper-only = a single partition { $partition } with only an upper bound: its period (day, month, quarter or year) cannot be read
cov-odd-span = partition { $partition } spans { $from } … { $to }: not one day, month, quarter or year
cov-pg-catch-all = covered only by the catch-all partition { $partition } ({ $from } … { $to }): PostgreSQL cannot split it, and the new { $period }s would all land in it
cov-pg-catch-all-hint = with the tech center, at a quiet hour: ALTER TABLE { $table } DETACH PARTITION { $partition }; create the { $period }s through { $year }-12-31; re-attach { $partition } from { $from }
cov-cannot-name = cannot derive partition names from `{ $partition }` (it does not spell its { $period }'s start)
cov-name-too-long = new partition name `{ $name }` is longer than { $limit } bytes, the server's limit
cov-name-taken = the name `{ $name }` for { $label } is already taken by another partition or table
cov-reorganize-directory = the siblings' files are not in the directory of { $tail } ({ $tail_dir }): MariaDB's REORGANIZE builds every new partition in { $tail }'s directory, so { $count } new partitions (such as { $first }, which belongs in { $want }) cannot go where their siblings are. Have a DBA decide their directory, or exclude the table in the site file's partitions.exclude with the reason.
dir-server-default = the server's default data directory
cov-no-tablespace = tablespace `{ $tablespace }` for { $label } does not exist: run the tablespaces step first
cov-key-cannot-hold = the key cannot hold the bound { $bound }
cov-unreadable-bound = a bound the tool cannot read: { $bound } (key { $key })
cov-text-not-dates = text ranges that are not dates ({ $sample })
cov-mixed-bounds = bounds of mixed kinds ({ $sample })
cov-to-days-not-days = TO_DAYS bounds that are not days ({ $sample })
cov-epoch-or-ids = integer bounds that look like { $unit } ({ $sample }), or like ids: the tool never guesses which
cov-or-if-ids = or, if they are ids
cov-numbers-not-dates = numeric ranges that are not dates, e.g. ids ({ $sample })
cov-stated-mismatch = the site file says the key is `{ $stated }`, but the bound { $bound } does not read that way
cov-wall-midnights = its bounds are not midnights (such as { $bound }); they read as midnights of the site's zone { $zone } written as wall time at UTC{ $offset }. The tool never guesses: when that is so, state it as below
cov-stated-type = the site file says the key is `{ $stated }`, but the key's type is { $key_type }: for that type write { $fits }
cov-stated-unreadable = the site file says the key is `{ $stated }`, but the bound { $bound } (key { $key }) is no midnight and does not read that way: this version cannot extend timestamp partitions whose bounds are not midnights (such as UTC midnights stored as local time). Have a DBA handle the table, or exclude it as below with the reason
cov-other-zone-midnights = its bounds are midnights at UTC{ $offset }, not in the site's zone { $zone } (UTC{ $site_offset }): to continue them at UTC{ $offset }, add to the site file:
    { $hint }
cov-not-midnights = its bounds are not midnights of any one zone: the tool cannot continue them
cov-exclude-reason-placeholder = …why it is not extended…
cov-reference = reference-partitioned: its partitions follow its parent table's; not touched
cov-reference-tablespace = { $base } — its { $year } partitions will be created in its default tablespace { $default }, not { $want }: once { $want } exists and before the partitions step, the DBA may run { $statement } (yearend does not send this form)
cov-not-range = { $strategy }-partitioned
cov-no-partitions = partitioned, but has no partitions: every row of the new year would fail — with the tech center, create the partitions, or exclude the table in the site file with a reason
cov-subpartitioned = partition { $partition } is itself partitioned: extend it by hand
cov-pg-open-ended = partition { $partition } is open-ended TO (MAXVALUE): PostgreSQL cannot split it
cov-only-tail = only a DEFAULT / MAXVALUE partition: every row of the new year would land in it, nothing covers the periods through next December — with the tech center, create per-period partitions (moving the catch-all's rows out first), or exclude the table in the site file with a reason
cov-ends-mid-day = partition { $partition } ends at { $bound }, not at the start of a day
cov-starts-mid-day = partition { $partition } starts at { $bound }, not at the start of a day
cov-interval = interval-partitioned ({ $interval }): partitions appear on insert; not touched
cov-interval-not-month = ; the interval is not one month
cov-interval-tablespace = ; new partitions go to { $ts }, not { $want }: the tech center decides whether to change STORE IN
ts-no-match = no tablespace matches `{ $pattern }` (rule `{ $rule }`) for { $year }
ts-year-not-once = tablespace { $name } does not hold the year { $year } exactly once in its name
ts-standbys-line = standbys replaying this server: { $standbys }; each needs { $dirs } before CREATE TABLESPACE
ts-pg-no-directory = tablespace { $name } has no directory of its own (default location)
ts-pg-dir-year = the directory of { $name } ({ $location }) does not hold the year { $year } exactly once in its name, so next year's directory cannot be derived
ts-pg-exists-elsewhere = tablespace { $name } already exists in { $at }, not in { $want } beside { $beside }
ts-pg-dir-taken = directory { $dir } is already used by tablespace { $other }
err-catalog-unreadable = cannot read the catalog: { $cause }
err-catalog-reread = cannot re-read the catalog to verify: { $cause }
err-standbys-unreadable = cannot read pg_stat_replication: { $cause }
err-tail-rows = cannot count rows in DEFAULT / MAXVALUE partitions: { $cause }
cov-rows-in-default = { $n } rows for the new { $period }s (from { $from }) already sit in the DEFAULT partition { $tail }: new partitions cannot be created over them; move them with the tech center first
cov-rows-in-tail = the tail partition { $tail } holds { $n } rows for the new year: splitting it would copy them (slow, locks the table); contact the tech center
err-no-journal = no journal at { $path }: nothing to report yet (run `yearend run` first, or give --state-dir)
report-written = report: { $path }
ts-ora-db-files = DB_FILES is { $limit } and the database has { $now } datafiles: { $new } more would exceed it (ORA-00059, needs a restart to raise)
ts-ora-standby-file-management = this primary ships redo to { $standbys } Data Guard standby destination(s) and STANDBY_FILE_MANAGEMENT is { $value }: each CREATE TABLESPACE would add an UNNAMED file on the standby and stop its recovery (ORA-01111). Have the DBA set it on the standby and the primary first: ALTER SYSTEM SET STANDBY_FILE_MANAGEMENT=AUTO SCOPE=BOTH
ts-ora-name-convert = this primary has Data Guard standbys whose paths differ (DB_FILE_NAME_CONVERT = { $patterns }), and it maps none of { $dirs }: the standby would not know where to create the new files. Have the DBA add the directory to DB_FILE_NAME_CONVERT on the standby first
ts-ora-no-files = tablespace { $name } has no datafiles
ts-ora-spread = the files of { $name } are spread over several places ({ $one } and { $other }), so where next year's go is not clear
ts-ora-exists-elsewhere = tablespace { $name } already exists elsewhere ({ $at }), not beside { $beside } in { $location }
ts-ora-too-many-files = { $name } has { $n } files, more than a smallfile tablespace may hold
ts-ora-file-year = datafile { $file } does not hold the year { $year } exactly once in its name, so next year's file name cannot be derived
ts-ora-file-taken = the file { $file } for { $name } already belongs to the database (yearend never reuses a file)
ts-ora-omf-no-dest = the files of { $name } are Oracle-managed ({ $dir }) but DB_CREATE_FILE_DEST is not set, so new files have no place
ts-note = note: { $text }
ts-unchecked = not checked (一般): { $text }
ts-ora-dictionary = { $name } is dictionary-managed (EXTENT MANAGEMENT DICTIONARY): no new tablespace should be made so; agree a locally managed one with the tech center and have the DBA create it
ts-ora-tde = { $from } is TDE-encrypted and ENCRYPT_NEW_TABLESPACES is not ALWAYS: the { $name } yearend would create would not be encrypted, so it is not created. Have the DBA run CREATE TABLESPACE { $name } … ENCRYPTION USING '<algorithm>' DEFAULT STORAGE (ENCRYPT) with { $from }'s algorithm (SELECT ENCRYPTIONALG FROM V$ENCRYPTED_TABLESPACES), then run yearend again (it recognises the tablespace)
ts-ora-tde-auto = { $name } will be encrypted by the server (ENCRYPT_NEW_TABLESPACES = ALWAYS), like this year's
ts-ora-fs-space = free space on the file system not checked (the database does not expose it): { $place } needs { $size } for the new datafiles; check with df -h on the server
ts-ora-asm-full = ASM disk group { $group } has { $usable } usable (USABLE_FILE_MB) and the new datafiles need { $size }: have the DBA add space to the disk group first
ts-ora-asm-ok = ASM disk group { $group }: the new datafiles need { $size }, { $usable } usable
ts-ora-asm-not-seen = disk group { $group } is not in this instance's V$ASM_DISKGROUP, so whether { $size } fits is not known: have the DBA check USABLE_FILE_MB on the ASM instance
ts-ora-asm-not-read = this snapshot has no ASM disk groups (an older yearend took it), so whether { $group } holds { $size } is not known
ts-ora-db-files-pdb = DB_FILES headroom not checked: in PDB { $pdb }, V$DATAFILE lists only this PDB's files while the limit is the CDB's; have the DBA compare SELECT COUNT(*) FROM V$DATAFILE with db_files in CDB$ROOT
status-run = run { $n }: { $started } — { $ended }, { $operator }@{ $host }, statements ok { $ok } / failed { $failed } / sent without an answer { $no_answer }, { $outcome }
status-run-no-end = no end record
status-not-started = { $hospital } ({ $code }) { $year }: not started — no journal at { $path } (the state directory is beside the site file, or the site file's state_dir:, or --state-dir)
run-created-tablespaces = { $n } tablespaces
run-created-partitions = { $partitions } partitions ({ $tables } tables)
status-run-created = created by this rollover (run { $n }): { $what }

# statements that failed
stmt-still-locked = step `{ $step }`: the table stayed locked through { $attempts } attempts ({ $why }). Statement: { $sql }
stmt-privilege = step `{ $step }`: missing privilege ({ $why }). Ask the DBA for the grant, then run again{ $unchanged }. Statement: { $sql }
stmt-table-unchanged = ; nothing of this table was changed
stmt-failed = step `{ $step }`: the statement failed: { $why }{ $rolled_back }. Statement: { $sql }
stmt-rolled-back = ; the table's other statements were rolled back with it
note-no-db-run-lock = note: no database run lock ({ $why }); only the lock file in { $dir } guards this run. GRANT EXECUTE ON SYS.DBMS_LOCK to the rollover user to have both.
note-lock-taken-over = note: a previous run ({ $previous }) ended without releasing the lock; taken over

# plan queries' read-only check
guard-stored-function = { $schema }.{ $name }(…) calls a stored function, which can do anything: a plan query may call only built-in functions
guard-function-not-allowed = { $name }(…) is not on the read-only function allow-list (aggregates, date/time, string, conditional, casts): this query cannot be shown to only read; rewrite it without { $name }
guard-dollar-quoting = dollar quoting ({ $word }) hides what a query does: write plain quotes
guard-unparsable = the { $db } SQL parser cannot read this query ({ $why }), so it cannot be shown to only read: rewrite it
guard-one-select = a plan query must be exactly one SELECT (or WITH … SELECT)
guard-row-locks = FOR UPDATE / FOR SHARE locks rows: a plan query only reads
guard-select-into = SELECT … INTO creates a table: a plan query only reads
guard-writes-inside = { $verb } inside a query changes data: a plan query only reads
guard-single-select = a plan or catalog query must be a single SELECT (or WITH … SELECT)
guard-no-place = { $word } has no place in a read-only query
guard-side-effects = { $word } has side effects; a read-only query must not call it
guard-unterminated-comment = unterminated comment at character { $at }
guard-unterminated-quote = unterminated quote at character { $at }
guard-empty = empty statement
guard-more-than-one = more than one statement (a `;` inside)
guard-other-schema = reads { $table }: a plan query reads only the site's schemas ({ $schemas })
guard-system-catalog = reads { $table }, a system catalog: a plan query reads only the site's own tables
guard-refused = the guard refused a statement ({ $reason }): { $excerpt }
pf-ora-backup-pdb = backup not checked: in PDB { $pdb }, V$RMAN_BACKUP_JOB_DETAILS shows no completed database backup while RMAN backs up the whole CDB; have the DBA confirm a full or incremental backup within { $max } in CDB$ROOT, or remove max_backup_age and confirm it in a manual step

# status and the live catalog
status-title = { $hospital } ({ $code }) — rollover to { $year }: { $state }
status-journal = journal { $path }: { $records } records, { $runs } run(s)
status-chain-intact = hash chain: intact (last record sha256 { $hash })
status-chain-broken = hash chain: BROKEN: { $why } — keep the file, contact the tech center
status-last-run = last run: { $at } by { $operator } on { $host }, plan sha256 { $sha }
status-no-end-record = the last run has no end record: it is still running or was interrupted; `yearend run` resumes it
live-not-compared = live catalog: not compared (offline; --live compares the journal with the database)
live-all-present = live catalog: all { $n } objects the journal says were created exist
live-missing = live catalog: { $m } of the { $n } objects the journal says were created are gone: { $list } — dropped or detached by hand? `yearend run` recreates them; say so in the 工单

# what else the new year touches
ny-missing-twin = per-year table { $table } has no { $year } twin { $twin }: ask the vendor to create it before 1 January (and check the views or synonyms that union them)
ny-sequence = sequence { $sequence } carries { $closing } (range { $min }…{ $max }): { $year }'s numbering needs a new sequence or a reset — check with the vendor
ny-job = scheduled job { $name } ({ $detail }) also creates partitions or tables: its names may clash with yearend's; pause it for the night, or let yearend go first
ny-note = note     { $text }
ny-unchecked = NOT checked { $text }
partitions-unusable-before = note: { $table } already has UNUSABLE indexes before the rollover: { $indexes }
partitions-plain = not partitioned (not extended): { $tables }
partitions-no-stats = note     { $n } new partitions have no optimizer statistics until the nightly job gathers them; copy_stats: true in the plan copies the newest partition's (DBMS_STATS.COPY_TABLE_STATS)

# the start and the end of a run
interrupted-in-flight = the statement in flight was cancelled on the server and did not take effect: { $sql }
interrupted-nothing-in-flight = no statement was in flight
interrupted = interrupted ({ $signal }): { $what }; nothing more was sent. What was done is in the journal { $journal }; the database run lock goes with the session. To go on: { $resume }
resuming = resuming: { $n } earlier run(s) in { $journal }; the live state is inspected again and done work is not repeated
journal-head = journal head (paste it into the 工单): { $head } — check later with `yearend status --head { $short }`
late-steps = late steps: { $steps }
next-run = next: { $command }
next-run-confirm = next: once the manual steps above are done, { $command }
plan-tally-nothing = in all: nothing to change
plan-tally = in all: { $tablespaces } tablespaces, { $partitions } partitions ({ $tables } tables) to create, { $statements } statements
next-report = next: yearend report --site { $site } --format html --out report.html (attach it to the 工单)
next-act = next: act on the steps above as they say, then run again (done work is not repeated); yearend status shows progress
offline-banner = offline: planning from the snapshot { $path } taken { $taken } of { $name } { $version }; steps that need the live database are not run
clock-title = { $hospital } ({ $code }) — clock check
statement-ok = ok ({ $ms } ms) { $sql }
lock-wait-unit = lock wait ({ $why }); the table's { $n } statements rolled back; retry { $attempt }/{ $left } in { $wait }s
lock-wait = lock wait ({ $why }); retry { $attempt }/{ $left } in { $wait }s
still-locked-later = { $table } is still locked: the other tables go first, then it is tried again
clock-no-reference = no reference: the largest agreeing set is { $chosen } of { $usable } usable servers, not a majority

# doctor
doctor-no-site = no --site given: database and clock hosts were not checked
doctor-tag-ok = [ok]{" "}
doctor-tag-fix = [fix]
doctor-summary = { $n } checks, { $bad } to fix
doctor-glibc = glibc { $version } (this binary needs 2.17 or later)
doctor-no-client = Oracle Instant Client (libclntsh.so) not found: for an Oracle hospital install the 19.x Basic package (not Basic Light) and libaio, and add its directory to LD_LIBRARY_PATH
doctor-client-oracle-only = {" "}(only Oracle sites need it)
doctor-client-not-needed = {" "}(not needed: this site is not Oracle)
doctor-client-light = { $dir } holds Instant Client { $version } Basic Light: it lacks ZHS16GBK (ORA-12737); install the 19.x Basic package
doctor-client-ok = Oracle Instant Client { $version }: { $dir }
doctor-client-version = Oracle Instant Client { $version } ({ $dir }): use 19.x (21c connects only to 12.1+, 23ai only to 19c+)
doctor-unset = (unset)
doctor-nls-lang = NLS_LANG={ $value } (yearend talks UTF-8 with the database whatever it says)
doctor-state-ok = state directory { $dir } is writable
doctor-state-bad = state directory { $dir } is not writable ({ $cause }): choose another with --state-dir or fix its permissions
doctor-db-ok = database { $at } reachable (TCP)
doctor-db-bad = database { $at } unreachable ({ $cause }): check address, port, firewall and listener
doctor-ntp-ok = NTP server { $server } answers
doctor-ntp-bad = NTP server { $server }: { $why }
doctor-host-ok = clock host { $host } reachable
doctor-host-bad = clock host { $host } unreachable ({ $cause })
signal-first = { $signal }: cancelling the statement in flight on the server, journaling, then stopping (Ctrl-C again exits at once)
signal-second = { $signal }: exiting at once. The next run reads the database again; done work is not repeated
status-blocking = blocking:
clock-passed = passed: { $text }
clock-failed = FAILED: { $text }
error-line = error: { $text }
verification-passed = last verification: { $at } ({ $hours } h ago): passed, all { $steps } steps
verification-failed = last verification: { $at } ({ $hours } h ago): FAILED: { $steps }

# each table's verdict line
list-sep = {", "}
vl-gaps = ; gaps not filled: { $labels }
vl-tail-rows = ; { $tail } holds { $n } rows for these { $period }s
vl-tail-empty = ; { $tail } is empty (0 bytes)
vl-extend = extend   { $name }: { $n } { $period }{ $n ->
        [one] {""}
       *[other] s
    } { $first }…{ $last }{ $gaps }{ $tail }
vl-covered = covered  { $name }{ $gaps }
vl-not-covered = {" "}— NOT covered through the new year
vl-review = review   { $name }: { $reason }{ $uncovered }
vl-blocked = BLOCKED  { $name }: { $reason }
vl-blocked-hint = BLOCKED  { $name }: { $reason }
    {"        "}to go on, add to the site file:
    {"        "}{ $hint }
vl-not-time = info     { $name }: not time-partitioned: not extended ({ $reason })
vl-excluded = excluded { $name }: { $reason }
vl-plain = plain    { $name }: not partitioned

# step headers and outcomes, the start and the end
step-header = ▸ { $id } · { $title } ({ $kind }{ $due }{ $owner })
header-owner = , owner { $owner }
header-due = , due { $date }
header-due-late = , due { $date } — LATE
step-outcome = { $status }: { $text }
run-summary = { $summary }; exit { $code }
journal-path = journal: { $path }
banner = { $command } — { $hospital } ({ $code }), plan "{ $plan }" sha256 { $sha }, year { $year }, today { $today }, database { $db }
banner-verify = yearend verify (reads only, changes nothing)
banner-plan = yearend plan (dry-run: reads only, changes nothing)
banner-run = yearend run
scope-line = scope: { $tables } tables (schema { $schemas }){ $include }
scope-include = ; include { $patterns }
partitions-counts-line = { $tables } tables in scope: { $extend } to extend, { $covered } already covered, { $excluded } excluded, { $not_time } not time-partitioned, { $review } to review, { $blocked } blocked
stock-ok = ok{"  "}
stock-short = SHORT

# clock readings
clock-reference = reference { $offset } s ±{ $uncertainty } s from { $chosen } of { $usable } usable servers (shared interval { $low } … { $high } s)
clock-note = note { $text }
clock-server-error = ntp { $server }: { $error }
clock-server = ntp { $server }: offset { $offset } s, delay { $delay } s, root distance { $distance } s, stratum { $stratum }{ $role }
clock-role-chosen = {" "}— chosen
clock-role-falseticker = {" "}— falseticker (outside the agreeing majority)
clock-role-undecided = {" "}— no majority agrees with it or with any other
clock-role-other = {" "}— { $error }
clock-tag-ok = ok{"  "}
clock-tag-warn = WARN
clock-tag-fail = FAIL
clock-zone = , zone { $zone }
clock-offset = { $offset } s ±{ $uncertainty } s
clock-host = { $tag } { $host }: { $reading }{ $zone } ({ $method })

# how each run ended (English names the exit code, as the status line always did)
run-outcome-no-end = no end record
run-outcome-ok = exit { $code }
run-outcome-findings = exit { $code }
run-outcome-input = exit { $code }
run-outcome-runtime = exit { $code }
run-outcome-locked = exit { $code }
run-outcome-interrupted = exit { $code }
run-outcome-code = exit { $code }
ask-approve = Run the { $n } statements above (step { $step })? Type yes/y/是 to run, no/n/否 not to: 
ask-approve-omitted = … { $n } more (yearend plan lists them all) …
ask-again = Please answer yes/y/是 or no/n/否
ask-manual = Is “{ $title }” done? Type yes/y/是 to confirm, no/n/否 if not; Enter alone: not now: 
ask-manual-not-now = Not confirmed now: the step stays awaiting confirmation; run again when done, or add --confirm STEP --operator NAME
ask-manual-name = Name of the person confirming: 
ask-manual-no-name = No name given: not confirmed, the step stays awaiting confirmation
ask-password = Database password ({ $url }): 
ask-password-unreadable = cannot read the password from the terminal: { $error }
manual-declined = the operator answered no: not done yet; run again when it is, or add --confirm { $step } --operator NAME
guard-comment-unterminated = a comment is not closed (no */)
guard-quote-unterminated = a quote is not closed
guard-executable-comment = { $form } starts a MySQL/MariaDB executable comment or optimizer hint: a comment to a parser, code to the server; a plan query may not use one: remove it
guard-at = line { $line }, column { $column }: { $why }
guard-operator = the operator { $op } is not built in (a user-defined operator runs stored code): a plan query uses built-in operators only
guard-cast-type = a cast to { $ty }: only built-in types (a domain or a user type runs stored code: its input function, its CHECK)
guard-other-database = reads { $table }: a plan query reads only the site's schemas of the current database
guard-unqualified = reads { $table } without a schema: on Oracle a plan query names its tables with the site's schema ({"{{"} ident(schemas[0]) {"}}"}.{ $table }), DUAL excepted
guard-unresolved = the database finds no { $table } (or this user cannot see it): qualify the name with the site's schema
run-lock-lost = this run no longer holds its run lock in the database (the session was ended, the server restarted, or the lock was released): stopped so as not to race another run; make sure no other run is going, then run yearend run again
err-today-range = --today / YEAREND_TODAY `{ $value }` is not between 2000 and 2099: check it for a typo
note-today-far = note: --today { $value } is { $days } days from this machine's clock: make sure it is not a typo
err-bad-person-name = the name given to { $flag } must not be empty, hold a control character (a newline, a terminal escape) or be longer than 64 characters
read-value-too-big = the query returned a value of { $bytes } bytes, past the { $cap }-byte cap for one value (YEAREND_MAX_VALUE_BYTES): a check should return figures
read-result-too-big = the query returned more than { $cap } bytes (YEAREND_MAX_RESULT_BYTES): a check should aggregate (COUNT, MIN, MAX) or narrow its WHERE
file-is-link = it is a symbolic link: yearend does not follow links when reading; give the file itself
file-not-regular = not a regular file (a { $kind })
file-over-cap = the file is larger than { $cap }
bundle-duplicate-entry = it holds `{ $name }` twice (a bundle holds each file once)
guard-unreadable = this query could not be read to its end (too deep or too long): simplify it
guard-query-too-long = the rendered query is longer than 64 KiB: a plan query is one short read
chain-after-seal = one record after the seal: seq { $seq } (a crash between writing it and sealing)
status-chain-intact-note = hash chain: intact ({ $note }; head hash { $hash })
fleet-bundle-no-journal = the bundle holds no journal.jsonl
io-disk-full = the disk is full
err-state-write = { $path }: cannot write ({ $reason }). The run stopped and sends nothing more; the journal is back at its last complete record and the seal agrees with it. Free some space, then run yearend run again to resume
cov-key-expression = the partition key is an expression ({ $expression }), not a column: the tool cannot read its dates and does not extend it
cov-key-columns = the partition key has several columns ({ $columns }): the tool extends tables partitioned by one time column only
note-state-legacy = note: using the journal at the old default place { $old } (this release keeps it beside the site file: { $new }); it goes on there, no second one is started
err-state-two = this hospital and year have two state directories: { $old } (the old default, under the current directory) and { $new } (beside the site file). Make sure which holds this rollover's journal and name it with --state-dir, or move the other away, then run again
err-operator-needed = run needs a named operator: add --operator NAME or set YEAREND_OPERATOR (on a terminal it is asked)
ask-operator = Your name (kept in the journal and the report): 
sib-uneven = only some recent children have `{ $what }` ({ $children }): new children are not judged on it
sib-varies = `{ $what }` differs child by child: new children are not judged on it
sib-missing = { $child } lacks `{ $what }`, which every recent sibling has
sib-changed = { $child } has `{ $what }` = { $got }, its siblings { $want }
sib-extra = { $child } has `{ $what }`, which no recent sibling has
sib-not-carried = every recent child has what a new child would lack: { $what } — yearend cannot give a new partition these yet; create the new partitions with them by hand (or have the tech center add them), or exclude the table in the site file with a reason
sib-tail-not-kept = the MAXVALUE partition has what REORGANIZE would drop and yearend cannot restate: { $what } — add the new partitions by hand keeping it, or exclude the table in the site file with a reason
sib-publication-statements = publisher (this database): { $publisher } Subscriber: first create the same children with the same bounds (the same CREATE TABLE … PARTITION OF { $parent } as here), then ALTER SUBSCRIPTION <name> REFRESH PUBLICATION. Order: the subscriber's tables first, then the publisher's publication
sib-publication-confirm = the recent children are listed one by one in a publication and a new child does not join it (yearend does not add it: a subscriber without these tables would stop applying). Statements for both ends: { $both }. When agreed, run with --confirm { $step }, then run them at both ends in that order once the children exist
sib-differs = new partitions differ from their siblings: { $differences }
sib-notes = siblings differ among themselves: { $notes }
sib-not-read = the new partitions were not compared with their siblings: { $why }
sib-directories-not-read = the partitions' data directories (DATA DIRECTORY) were not read: { $why }. New partitions go to the server's default data directory; if partitions here live elsewhere, grant the yearend account PROCESS and plan again.
sib-offline = a snapshot does not keep what each child carries; compare on the live database (`yearend plan`)
ny-job-partman = { $name } manages { $tables } and creates their partitions too: its names may clash with yearend's; pause its maintenance for the night, or let yearend go first
vl-tail-copy = ; { $tail } holds no row of the new year; REORGANIZE rewrites all { $rows } of its rows while the table is locked (about { $seconds } s at the documented copy rate)
cov-copy-confirm = REORGANIZE of { $tail } would rewrite { $n } rows while the table is locked (about { $seconds } s), more than partitions.max_rows_to_move ({ $limit }) — waits for confirmation: run in a quiet hour with `--confirm { $step }`, or raise max_rows_to_move in the site file
vl-placed = ; → { $tablespaces } ({ $rule })
place-year-twin = the next year's twin of its siblings' tablespace
place-same-period = where the same period of last year is
place-latest = where the latest partition is
stock-overlap = { $code }: batches { $first } and { $second } both hold numbers { $from }–{ $to } ({ $n } numbers; a batch imported twice?): counted once — correct the stock data
stock-overlap-not-checked = { $query } gives no range_from / range_to: batches whose numbers overlap could not be checked (overlap not checked)
templates-in-use-unreadable = { $code } { $name }: in_use is { $value }, which is not a yes/no ({ $accepted }): correct it in the bill types
step-hint = what to do: { $hint }
plan-two-due-dates = step `{ $step }` has two due dates: timetable { $timetable } and its deadline: { $deadline } — keep one (the timetable date is also the step's deadline)
prompt-unanswered = no answer within { $minutes } min
prompt-cancelled = cancelled at the prompt ({ $signal })
step-unanswered = nobody answered ({ $why }): the run ends here, nothing of this step was sent; run again when someone can answer (site key prompt_timeout)
step-cancelled-at-prompt = the operator cancelled at the prompt ({ $signal }): nothing of this step was sent
ask-password-again = the server refused that password (try { $attempt } of 3): type it again

# bundles, seals and snapshots
seal-unreadable = the seal cannot be read ({ $cause })
seal-cut = the journal has { $have } records, its seal says { $sealed } (sealed { $at }): { $n } record(s) were cut from the end
seal-torn = a torn last line of { $bytes } bytes after the sealed records: a crash in the middle of a write
seal-edited = the journal's last record is not the one sealed (head { $head }, sealed { $sealed }): it was edited
seal-one-after = one record after the seal: a crash between writing it and sealing it
seal-added = the journal has { $n } records after its seal ({ $sealed } sealed): they were added afterwards
head-too-short = the head hash `{ $pasted }` is too short: paste at least its first 12 characters
head-mismatch = the journal's head hash is { $hash }, not { $pasted } as pasted in the 工单: the journal was changed after the run, or this is another journal
chain-no-link = line { $n } does not chain to line { $prev }
chain-not-record = line { $n } is not a journal record
bundle-cannot-write = { $path }: cannot write the bundle: { $cause }
bundle-cannot-read = { $path }: cannot read the bundle: { $cause }
bundle-not-ours = { $path }: not a yearend bundle: { $why }
bundle-not-a-file = it holds `{ $name }`, which is not a file of its own
bundle-too-large = it is larger than 256 MiB
bundle-no-file = no { $name } in the bundle
bundle-sums-line = { $sums }: unreadable line `{ $line }`
bundle-missing = { $name } is listed in { $sums } but missing
bundle-changed = { $name } does not match its sha256 in { $sums }: it was changed
bundle-unlisted = { $name } is in the bundle but not in { $sums }
bundle-chain-broken = { $journal }:{ $line }: the hash chain is broken ({ $why })
vb-intact = { $path }: intact — { $n } files ({ $names }), journal { $records } records, head { $head }{ $pasted }
vb-pasted = , as pasted in the 工单
vb-not-intact = { $path }: NOT intact:
report-bundle-written = bundle: { $path } ({ $names }, { $sums }); check it with: yearend verify-bundle { $path }
snapshot-written = snapshot of { $hospital } ({ $code }), { $db } { $version }: { $tablespaces } tablespaces, { $tables } tables, { $partitions } partitions, { $tails } DEFAULT/MAXVALUE row counts → { $path }
err-journal-unsealed = { $path }: { $why }. Keep this file and { $seal } for the auditor, and contact the tech center before running again (or use another --state-dir).
err-journal-broken = { $path }:{ $line }: the journal's hash chain is broken ({ $why }). Keep this file for the auditor, and contact the tech center before running again (or use another --state-dir).
lock-holder = pid { $pid } on host { $host }, operator { $operator }, since { $since }
note-january-year = January: the year defaults to the one just opened, { $year }; to rehearse the next, add --year { $next }
saved-plan-written = saved plan: { $path } ({ $n } statements); run exactly these with: { $command }
err-saved-not-held = step `{ $step }` would run a statement the saved plan does not hold: { $sql }. The database or the plan changed since the review: make and review a new saved plan (yearend plan --out)
unit-planned = would run { $target }: { $partitions ->
    [0] { $statements } statements
   *[other] { $partitions } new partitions, { $statements } statements
} (-v lists them)
unit-done = done { $target }: { $partitions ->
    [0] { $statements } statements
   *[other] { $partitions } new partitions, { $statements } statements
}, { $seconds } s
did-you-mean = {" "}(did you mean `{ $word }`?)
err-step-unknown-key = step `{ $id }` ({ $kind }) has no key `{ $field }`{ $suggestion }; a { $kind } step takes: { $allowed }
err-not-month-day = `{ $value }` is not a date MM-DD (for example "12-25")
err-not-span = `{ $value }` is not a duration (write 30s, 10m, 2h or 3d)
fleet-title = fleet { $today }{ $year }: { $n } hospitals
fleet-year = {" "}(year { $year })
fleet-attention = needs someone (most urgent first):
fleet-overdue = overdue since { $date }
fleet-due = next due { $date }
fleet-age-days = last record { $n } days ago
fleet-age-hours = last record { $n } hours ago
fleet-item = · { $title } ({ $owner }{ $due }): { $what }
fleet-item-due = , due { $date }
fleet-item-due-late = , due { $date }, overdue
fleet-escalation = escalate to: { $who }
fleet-also = other evidence for this hospital and year: { $sources }
fleet-done = done ({ $n }): { $list }
fleet-nothing-received = nothing received
fleet-page-written = fleet page: { $path }
fleet-source-state = state directory { $path }
fleet-source-bundle = bundle { $path }
fleet-source-directory = directory { $path }
step-duration = { $id } { $seconds } s
run-durations = step times: { $steps }
progress-elapsed = elapsed
progress-eta = left

## Errors and lines that were written in the code
scope-no-schemas = step `{ $step }`: no schemas to work on: list them in the site file (database.schemas) or in the step (schemas)
scope-percent = step `{ $step }`: pattern `{ $pattern }` holds `%`: patterns are globs: use `*` (for example `{ $glob }`)
scope-no-such-schema = step `{ $step }`: schema `{ $schema }` does not exist in the database{ $suggestion } (it has: { $known }). Correct database.schemas in the site file or `schemas:` in the plan
scope-include-matches-nothing = step `{ $step }`: include pattern `{ $pattern }` matches no table in { $schemas }; closest: { $closest }
err-identity-unreadable = cannot read the database identity: { $cause }
saved-format = { $path }: saved-plan format { $got } is not the format { $want } this yearend reads: save the plan again with this version
saved-edited = { $path }: the statement of step `{ $step }` was edited after it was saved (sha256 differs): make a new saved plan
snapshot-tail-rows = cannot count rows in DEFAULT / MAXVALUE partitions: { $cause }
snapshot-format = { $path }: snapshot format { $got } is not the format { $want } this yearend reads: take it again with this version
fleet-roster-unreadable = { $path }: cannot read the roster: { $cause }
fleet-not-a-roster = { $path }: not a roster (a YAML list of {"{"}site, plan{"}"}): { $cause }
fleet-not-a-directory = { $path }: not a directory of state directories or bundles
rowshape-no-column = step `{ $step }`: the query { $query } returned no column `{ $col }` (it returned: { $returned }); it must return: { $required }
rowshape-no-columns = no columns
rowshape-empty-value = step `{ $step }`: the query { $query }, row { $row }: `{ $col }` is empty or not readable
err-query-unreadable = { $path }: cannot read the query: { $cause }
journal-spill-write = cannot keep the dry-run's records in a temporary file: { $cause }
journal-spill-read = cannot read the dry-run's records back from their temporary file: { $cause }
err-json-unreadable = cannot read the { $what } { $path }: { $cause }
err-json-not-ours = { $at }: not a yearend { $what }: { $cause }
only-not-qualified = --only `{ $only }`: write SCHEMA.TABLE, e.g. --only einvoice.eb_bill (as in the error the database gave)
only-no-step = --only { $table }: no partitions step of { $plan } works on schema `{ $schema }` (its schemas come from the step or the site's database.schemas)
partitions-still-locked = step `{ $step }`: still locked after every other table was done: { $tables }. Let the holding session finish (or ask its owner), then run again: finished statements are not repeated. { $hint }
apply-guard-defect = step `{ $step }`: { $why }. This is a defect in yearend: report it to the tech center.
err-cannot-create = cannot create { $path }: { $cause }
err-cannot-open = { $path }: cannot open { $what }: { $cause }
err-server-version = cannot read the server version: { $cause }
err-no-instances = { $scheme } has no instances to connect to one by one
live-catalog-unreadable = cannot read the catalog to compare it with the journal: { $cause }
what-journal = the journal
what-lock-file = the lock file
what-seal = the seal
what-saved-plan = saved plan
what-snapshot = snapshot
manual-instruction = instruction: { $line }
fleet-no-evidence = no hospital's evidence received: { $dirs } holds no state directory and no bundle. Put the hospitals' bundles (report --bundle) or state directories there, or name the hospitals expected with --roster (those missing show as not started or late)
io-not-a-directory = a part of the path is not a directory
io-is-a-directory = it is a directory, not a file
io-already-exists = it already exists
io-read-only = the file system is read-only
io-other = { $cause }
guard-never-drop = yearend never drops anything
guard-never-truncate = yearend never deletes data
guard-never-delete = yearend never deletes data
guard-never-insert = yearend never writes business data
guard-never-merge = yearend never merges partitions
guard-never-rename = yearend never renames tablespaces, files or partitions
guard-never-resize = yearend never resizes datafiles
guard-never-move = yearend never moves tablespaces, files or partitions
guard-never-coalesce = yearend never coalesces partitions
guard-never-exchange = yearend never exchanges partitions
guard-never-offline = yearend never takes anything offline
guard-never-reuse = yearend never reuses an existing datafile
guard-never-detach = yearend never detaches partitions
guard-never-shrink = yearend never shrinks anything
guard-never-grant = yearend never changes privileges
guard-never-revoke = yearend never changes privileges
guard-never-discard = yearend never discards tablespaces
guard-never-remove = yearend never removes partitioning
guard-shape-the-maxvalue-tail-must-stay-maxvalue = the MAXVALUE tail must stay MAXVALUE
guard-shape-update-or-a-second-alter-inside-a-ddl-st = UPDATE or a second ALTER inside a DDL statement
guard-shape-update-indexes-may-only-place-index-part = UPDATE INDEXES may only place index partitions
guard-shape-update-indexes-list-unbalanced = UPDATE INDEXES list unbalanced
guard-shape-split-names-no-partition = SPLIT names no partition
guard-shape-split-without-into = SPLIT without INTO
guard-shape-split-into-list-unreadable = SPLIT INTO list unreadable
guard-shape-split-into-lists-no-partition = SPLIT INTO lists no partition
guard-shape-a-split-must-keep-the-split-partition-as = a SPLIT must keep the split partition as the last one, once, with its own bound
guard-shape-reorganize-names-no-partition = REORGANIZE names no partition
guard-shape-reorganize-of-more-than-one-partition-is = REORGANIZE of more than one partition is a merge: never allowed
guard-shape-reorganize-into-list-unreadable = REORGANIZE INTO list unreadable
guard-shape-reorganize-into-lists-no-partition = REORGANIZE INTO lists no partition
guard-shape-a-reorganize-must-keep-the-reorganized-p = a REORGANIZE must keep the reorganized partition as the last one, with its bound
guard-shape-grant-yearend-never-changes-privileges-b = GRANT: yearend never changes privileges but to copy a sibling partition's grants onto a new partition
guard-shape-the-only-pl-sql-yearend-sends-as-ddl-is = the only PL/SQL yearend sends as DDL is DBMS_STATS.COPY_TABLE_STATS(ownname, tabname, srcpartname, dstpartname)
guard-shape-not-on-the-allow-list-create-tablespace = not on the allow-list (CREATE TABLESPACE, CREATE [UNLOGGED] TABLE … PARTITION OF, ALTER TABLE … ADD / SPLIT / REORGANIZE PARTITION, and on a new partition: CREATE [UNIQUE] INDEX, ADD CONSTRAINT, OWNER TO, GRANT, ENABLE / FORCE ROW LEVEL SECURITY, CREATE POLICY, COMMENT ON)
guard-shape-not-one-of-the-session-statements-yearen = not one of the session statements yearend uses (lock timeouts, run lock)
guard-shape-comment-only-comment-on-table-column-nam = COMMENT: only COMMENT ON TABLE|COLUMN name IS 'text' on a new partition
guard-ddl-no-policy-name = no policy name
guard-ddl-on-table-expected-after-the-name = ON table expected after the name
guard-ddl-no-table = no table
guard-ddl-as-permissive-restrictive-for-expected = AS PERMISSIVE|RESTRICTIVE FOR … expected
guard-ddl-for-all-select-insert-update-delete-to-e = FOR ALL|SELECT|INSERT|UPDATE|DELETE TO … expected
guard-ddl-a-role-expected = a role expected
guard-ddl-an-unbalanced-expression = an unbalanced expression
guard-ddl-update-or-alter-inside-an-expression = UPDATE or ALTER inside an expression
guard-ddl-no-trigger-name = no trigger name
guard-ddl-before-after-or-instead-of-expected = BEFORE, AFTER or INSTEAD OF expected
guard-ddl-an-event-insert-update-delete-truncate-e = an event (INSERT, UPDATE, DELETE, TRUNCATE) expected
guard-ddl-on-table-expected-after-the-events = ON table expected after the events
guard-ddl-execute-function-expected = EXECUTE FUNCTION expected
guard-ddl-it-must-end-with-execute-function-f = it must end with EXECUTE FUNCTION f(…)
guard-ddl-update-insert-alter-or-referencing-after = UPDATE, INSERT, ALTER or REFERENCING after the table
guard-not-created = { $table } was not created by this run: yearend changes only partitions it creates
guard-not-created-attach = { $table } was not created by this run: yearend attaches only partitions it creates
guard-wrong-shape = a { $shape } statement cannot carry this change
verify-line = verify: { $shown }
verify-still-lacks = { $table } still lacks { $count } { $period }s from { $from }
verify-unusable-indexes = { $table } has UNUSABLE indexes: { $indexes } (rebuild them; yearend never does)
verify-wrong-tablespace = { $partition } is in tablespace { $actual }, not { $want }
verify-default-place = (default)
verify-index-partition = index partition { $index }.{ $partition }
verify-lob = LOB { $column } of { $partition }
verify-segment-misplaced = { $table }: { $what } is in { $actual }, not { $want }
verify-no-quota = owner { $owner } has no unlimited quota on { $tablespace } (ORA-01950 on the first row): the DBA runs { $statement }
verify-carry-mismatch = { $partition } does not carry what its model ({ $model }) does: missing [{ $missing }], extra [{ $extra }]
quota-missing-reason = owner { $owner } has no unlimited quota on { $tablespaces }: ADD/SPLIT PARTITION would succeed and the first row of 1 January would fail with ORA-01950 — ask the DBA to run { $statements }{ $later ->
    [yes] , once this run's tablespaces step has created the tablespace, then run `yearend run` again (it resumes)
   *[no] , then run again
} (yearend never grants)
gap-filler-statement = to fill a gap (fill_gaps: true runs it): { $sql };
clock-server-role = offset { $offset } s, { $role ->
    [chosen] chosen
    [falseticker] falseticker (outside the agreeing majority)
   *[undecided] no majority agrees with it
}
clock-instances-unlisted = cannot list the open instances (GV$INSTANCE: { $cause }): on RAC every instance's clock must be read
clock-instance-unreachable = cannot reach instance { $instance } on { $host } through the listener: { $cause }
only-scope-line = --only { $tables }: only the tablespaces and partitions steps, scoped to these tables; nothing else runs
db-lock-timeout = lock wait timed out: { $said }
db-privilege = missing privilege: { $said }
db-said = { $said }
ntp-unreachable = unreachable: { $why }
ntp-kiss = Kiss-o'-Death { $code }: the server refuses to serve us
ntp-unsynchronised = unsynchronised: { $why }
ntp-invalid = invalid answer: { $why }
net-cannot-resolve = cannot resolve { $target } { $cause }
net-timeout = no answer before the timeout
ntp-short = { $bytes } bytes, an NTP reply has at least 48
ntp-mode = mode { $mode }, a server answers in mode 4
ntp-not-ours = the reply does not answer our request
ntp-stratum-zero = stratum 0 (unspecified) without a kiss code (reference id { $refid })
ntp-leap-alarm = leap indicator 3 (alarm)
ntp-stratum = stratum { $stratum }
ntp-no-timestamp = no transmit timestamp
host-http-only = only http:// hosts can be read (https needs TLS, not in this version)
net-cannot-connect = cannot connect: { $cause }
net-cannot-send = cannot send the request: { $cause }
net-no-answer = no answer: { $cause }
host-no-date = the answer has no Date header
host-bad-date = unreadable Date header `{ $date }`
host-no-ssh = cannot run ssh: { $cause }
host-bad-date-output = unreadable `date` output `{ $text }`
host-db-clock = cannot read the database clock: { $cause }
clock-no-database = no database connection
clock-not-measured = not measured
clock-zone-unreadable = cannot read the database's time zone: { $cause }
host-ssh-failed = ssh failed: { $said }
clock-no-trusted-time = no trusted reference time to compare with
clock-server-failed = { $server }: { $why }
diff-head = comparing { $a } ("{ $a_name }") with { $b } ("{ $b_name }"), both as they resolve
diff-mode = mode: { $from } → { $to }
diff-added = step added: { $step }
diff-removed = step removed: { $step }
diff-order = step order: { $from } ⇒ { $to }
diff-key = { $step }: `{ $key }`: { $from } → { $to }
diff-due = { $step }: due { $from } → { $to }
diff-query = { $step }: query file content { $from } → { $to }
diff-absent = (absent)
diff-tally = { $changes ->
    [0] the plans are the same
   *[other] { $changes } differences
}; { $same } steps unchanged
plan-resolved-head = # { $path } as yearend resolves it (extends applied, with the timetable)
init-needs-url = init needs --url (the database to read) or --snapshot (a snapshot to read)
init-exists = { $path } exists: yearend init never overwrites a file; choose another --site-out
init-written = site file drafted: { $path } — complete the lines marked （请填写）, then run yearend validate --plan … --site { $path }
init-head-1 = # Drafted by yearend init on { $today } from the database's catalog (read-only).
init-head-2 = # Complete hospital, code, ntp and escalation; keep or delete the commented lines below.
init-schema = { $schema }: { $tables } partitioned tables
init-zone = the database server's time zone: { $zone }
init-ntp = NTP servers this hospital can reach, e.g. ["10.0.0.1"]
init-escalation = who answers when a failure is not responded to in time
init-tablespace = this year's tablespace { $name }: { $at }
init-partman = pg_partman manages { $tables } tables: its maintenance creates partitions too
init-tables-head = tables the rollover would stop at or name for review, with the lines that let it go on:
init-table = { $table }: { $reason }
init-url-placeholder = from a snapshot: correct it to this hospital's database address
init-code = the database's name for now: replace it with this hospital's code (it names the state directory)
init-other-databases = other databases on this server with partitioned tables, not in this site: { $names }
