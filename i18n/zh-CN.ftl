# yearend 消息目录（简体中文，默认语言）。每条消息一个 id；en.ftl 中有相同的 id。

check-all-rows = 全部 { $n } 行均满足 `{ $column }` { $op } { $value }
check-no-column = 查询未返回列 `{ $column }`（实际返回：{ $columns }）
check-no-rows = 查询未返回任何行，无法满足 `{ $column }` { $op } { $value }
check-row-fails = 第 { $row } 行：`{ $column }` = { $got }，应 { $op } { $value }
check-rows-at-least = 返回 { $n } 行（应至少 { $min } 行）
check-rows-at-most = 返回 { $n } 行（应至多 { $max } 行）
check-rows-exactly = 返回 { $n } 行（应恰为 { $want } 行）
clock-reading = { $text }
clock-summary = { $text }
deadline-days-left = 距 { $deadline } 截止还有 { $days } 天：{ $problems }
deadline-passed = 已过 { $deadline } 截止日期：{ $problems }
manual-confirmed = 已由 { $operator } 确认
manual-confirmed-at = 已由 { $operator } 于 { $at } 确认
manual-needs-operator = --confirm { $step } 需要操作人姓名：请加 --operator 姓名
manual-not-confirmed = 尚未确认：完成后请加 --confirm { $step } --operator 姓名 重新运行（或在终端中回答提示）
manual-planned = 人工步骤：正式运行时由具名操作人确认
partitions-blocked = 在执行任何 DDL 之前已停止：{ $blocked }
quota-ok = 新分区所在表空间上，表属主均有无限配额（{ $pairs } 组属主 × 表空间）
quota-missing = 表属主在新分区所在表空间上没有无限配额（1 月 1 日第一张票据写入时将报 ORA-01950）；请 DBA 执行：{ $statements }
quota-not-read = 未检查表属主的表空间配额：此快照不含配额信息（由旧版 yearend 生成）；请手工核对 DBA_TS_QUOTAS
partitions-executed = { $statements } 条语句为 { $tables } 张表新增 { $partitions } 个分区；{ $verified }
partitions-gaps = { $tables } 张表在本年度中有缺失的分区区间：已列出补齐语句（计划中设置 fill_gaps: true 时执行）
partitions-inspected = 范围内 { $tables } 张表：待扩展 { $extend }，已覆盖 { $covered }，已排除 { $excluded }，非时间分区 { $not_time }，需复核 { $review }，受阻 { $blocked }
partitions-need-review = { $planned }；未覆盖，需复核：{ $uncovered }
partitions-unequal = { $planned }；新分区与兄弟分区不一致：{ $differences }
partitions-scope = { $detail }
partitions-verified = 已逐表核验：{ $tables } 张时间分区表已覆盖至 { $year }-12
partitions-verify-failed = 核验失败：{ $failures }
partitions-would-run = 将为 { $extend } 张表执行 { $statements } 条语句；{ $covered } 张表已覆盖
preflight-failed = { $failed }
preflight-finding = { $text }
preflight-held = { $n } 项预检均通过
statements-not-approved = { $n } 条语句已就绪但未获确认：请加 --yes 重新运行，或在提示时回答 yes
step-error = { $error }
step-offline = 未执行：离线演练（快照）没有在线数据库，此步骤需在现场运行 `yearend plan`
step-skipped = 未执行：步骤 `{ $by }` 失败，本次运行就此停止
stock-all-covered = { $n } 个在用票种，库存均充足
stock-basis-busiest_week = 无去年同期数据：近期最忙一周日均 { $week }
stock-basis-last_year = 去年同期 { $last_year } × 增长 { $growth }
stock-basis-recent = 近期日均 { $recent }
stock-batch-expires-early = { $code } { $name } 本年度批次有效期至 { $valid_to }，早于 { $dec31 }
stock-column-missing = 查询 { $query } 未返回 `{ $column }` 列（契约见 README）：无法检查相应内容；请更新查询
stock-covers = 已入库可用 { $stock }（{ $from } 至 { $until }）；预计用量 { $projected }（{ $days } 天，{ $basis }，× { $factor }）；缺口 { $short }；已下发未入库 { $not_stocked }
stock-data-untrusted = 厂商数据不可信：{ $problems }
stock-duplicate-batch = { $code }：批次 { $batch } 重复出现（第 { $row } 行），只计一次
stock-in-use-unreadable = { $code } { $name } 第 { $row } 行：in_use 的值 `{ $value }` 无法识别（可识别：{ $accepted }）
stock-new-year-batch = { $year } 年度批次 { $jan1 } 有效：库存 { $stock } 个号码
stock-no-new-year-batch = 没有 { $jan1 } 有效且有余号的 { $year } 年度批次（新年度票据未下发或未入库）
stock-none = 库存查询未返回任何在用票种
stock-problem = { $code } { $name }：{ $problem }
stock-short-by = { $code } { $name } 缺 { $short } 个号码
stock-usable = 可用至 { $cover }：{ $usable }；预计用量 { $projected }（近 { $window } 天日均 { $average } × { $days } 天 × { $factor }）
stock-usable-short = 可用至 { $cover }：{ $usable }；预计用量 { $projected }（近 { $window } 天日均 { $average } × { $days } 天 × { $factor }）——缺 { $short }
stock-usage-day-unreadable = { $code }：{ $n } 行用量的日期无法识别（第 { $rows } 行）
stock-usage-empty = { $code }：{ $n } 行用量为空（第 { $rows } 行），已剔除
stock-usage-negative = { $code }：{ $n } 行用量为负数（第 { $rows } 行），已剔除
stock-usage-short-history = { $code }：用量数据只覆盖最近 { $window } 天中的 { $days } 天
stock-usage-stale = { $code }：用量数据截止于 { $last }，已过 { $days } 天（超过 { $limit } 天），预测会偏低
stock-with-flags = { $outcome }；{ $flags }
tablespaces-already = 次年度表空间已存在 { $n } 个
tablespaces-anomalies = 已停止，未创建任何表空间：{ $anomalies }。现有表空间绝不修改：请联系技术中心。
tablespaces-inspected = 待创建 { $planned } 个，已存在 { $already } 个，异常 { $anomalies } 项
tablespaces-missing-dirs = 数据库服务器上不存在新表空间目录。请以 root 在该服务器上执行：{ $commands } ——然后重新运行 yearend
tablespaces-standbys = 有备库在重放本库的 CREATE TABLESPACE：{ $standbys }。请先在每台备库上建好目录 { $dirs }（空目录，属主为数据库的操作系统用户，权限 700），然后加 --confirm { $step } --operator 姓名 重新运行；目录不存在时备库会停止重放
tablespaces-not-applicable = 不适用：MySQL/MariaDB 没有按年度划分的表空间（分区留在所属表的表空间中）
tablespaces-verified = 已核验：新建 { $created } 个，已存在 { $already } 个
tablespaces-verify-failed = 核验失败：创建后未找到：{ $missing }
tablespaces-would-create = 将创建 { $n } 个表空间
templates-all-synced = { $n } 个在用票种：打印模板与显示模板均已同步
templates-none = 模板查询未返回任何在用票种
templates-unsynced = { $code } { $name } 未同步{ $missing }
test-list = { $items }
test-tablespaces = { $n } 个表空间
step-interrupted = 收到 { $signal }，在此中断；再次运行即可继续
new-year-touches = 新年还会影响的其他对象（yearend 不做任何更改）：{ $findings }

# 错误信息（文件）
noun-plan-file = 计划文件
noun-site-file = 站点文件
io-not-found = 文件不存在
io-permission-denied = 没有权限
err-file-unreadable = { $path }：无法读取{ $what }：{ $reason }
err-file-too-big = { $path }：{ $what }有 { $size } 字节，超过上限 1 MiB——请确认文件是否选对
err-file-not-utf8 = { $at }：{ $what }不是 UTF-8 编码（字节 { $byte }，可能是 GBK 或 GB18030）：请另存为 UTF-8，例如 iconv -f GB18030 -t UTF-8 { $path } > fixed.yaml
err-yaml-tab = { $at }：缩进中有制表符（Tab）：YAML 不允许用 Tab 缩进，请改用空格
err-yaml-too-many-aliases = { $at }：YAML 别名（*name）超过 { $max } 个，已拒绝：别名炸弹会展开成数 GB，请把值直接写出
err-yaml-alias-bomb = { $at }：此处的 YAML 别名（*name）展开后远超任何计划的大小（别名炸弹），已拒绝；请把值直接写出
err-yaml-unknown-anchor = { $cause }（以 * 开头的值须加引号，例如 "*_log"）
err-yaml-unknown-field = 未知字段 { $field }{ $suggestion }；可用字段：{ $expected }
err-yaml-missing-field = 缺少必填字段 { $field }
err-yaml-invalid-type = 类型不对：写的是 { $got }，应为 { $expected }
err-yaml-unknown-variant = 不认识的取值 { $got }{ $suggestion }；可用取值：{ $expected }
err-yaml-syntax = YAML 格式有误（解析器原话：{ $cause }）

# 错误信息（运行、锁、状态目录）
word-none = 无
err-lock-timeout-not-set = 无法设置锁等待时限：{ $cause }
err-confirm-no-such-step = --confirm { $step }：计划中没有名为 `{ $step }` 的人工步骤或表空间步骤（可确认的步骤：{ $steps }）
err-plan-changed = 本次年结开始后计划已被修改（当时 sha256 { $then }，现在 { $now }）。请先审阅改动；如确定按新计划继续，请加 --replan 重新运行（会记入日志）。
err-snapshot-other-site = { $path }：该快照属于站点 { $snap_site }（{ $snap_db }），而 { $site_path } 是站点 { $site }（{ $site_db }）
err-run-lock-failed = 无法在数据库中取得运行锁：{ $cause }
err-run-lock-held = 另一个 yearend 运行持有数据库运行锁 `{ $key }`（来自另一台机器或另一个状态目录）。请等待其结束；该会话结束时数据库会自动释放此锁。
err-saved-other-site = 它属于站点 { $saved }，不是 { $site }
err-saved-plan-stale = 已保存的计划与数据库现状不再一致，因此不执行：{ $why }。未做任何更改。请重新生成并审阅（yearend plan --out）。
err-cannot-read = { $path }：无法读取：{ $cause }
err-cannot-write = { $path }：无法写入：{ $cause }
err-cannot-lock = { $path }：无法加锁：{ $cause }
err-state-dir = 无法创建状态目录 { $path }：{ $cause }。请在站点文件中设 state_dir: 为可写目录（相对站点文件），或用 --state-dir 另选目录；同一医院同一年度此后都用同一目录。
err-state-lock-held = 另一个 yearend 运行正持有本站点本年度的锁：{ $who }（锁文件 { $path }）。请等待其结束，或用 `yearend status` 查看。
err-lock-other-host = 锁文件 { $path } 由另一台主机上的运行写入：{ $who }。本机无法判断它是否仍在运行。若那边确实没有 yearend 在运行，请删除该锁文件后重新运行。
err-state-symlink = { $path } 是符号链接：yearend 从不通过状态目录中的链接写文件（指向别的文件的链接会把它覆盖）。请删除该链接，或用 --state-dir 另选目录。
err-env-number = { $name }=`{ $value }` 必须是 { $min } 到 { $max } 之间的整数
err-today-not-date = --today / YEAREND_TODAY `{ $value }` 不是 YYYY-MM-DD 格式的日期（例如 2026-12-20）
err-year-needed = 12 月和 1 月以外需要指定 --year（今天是 { $today }）：本次年结要开启哪一年？例如 --year { $next }（或用 --today { $this }-12-20 演练）
err-year-not-next = --year { $year }：年结开启的是下一年（今天 { $today } 对应 { $next }）；要演练其他年份，请同时设置 --today

# 错误信息（连接数据库）
err-connect = 无法连接 { $url }：{ $cause } —— { $hint }
hint-connect-password = 请检查用户名和 YEAREND_DB_PASSWORD（或在提示处输入密码）
hint-connect-certificate = 服务器证书未通过校验：请检查 sslrootcert（签发该证书的 CA），以及 URL 中的主机名或地址是否在证书之内
hint-connect-pg-encryption = 服务器要求或拒绝加密连接：请让 URL 的 sslmode 与 pg_hba.conf（hostssl/hostnossl）一致
hint-connect-pg-unreachable = 请检查数据库服务是否在运行、是否监听该地址和端口，以及 pg_hba.conf 是否允许本机连接
hint-connect-mysql-unreachable = 请检查数据库服务是否在运行、是否监听该地址和端口
hint-ora-12514 = 监听器不认识该服务名：请在服务器上用 `lsnrctl status` 核对
hint-ora-12737 = 所装 Instant Client 是 Basic Light，缺少数据库字符集（ZHS16GBK）：请安装 19.x 的 Basic 包
hint-ora-03134 = 此 Instant Client 对该数据库过新：请使用 Instant Client 19.x（可连 11.2 及以上）
hint-ora-28040 = 客户端与服务器没有共同的认证协议：请使用 Instant Client 19.x，或请 DBA 检查服务器 sqlnet.ora 中的 SQLNET.ALLOWED_LOGON_VERSION_SERVER
hint-ora-12154 = 无法解析连接标识：请把 URL 写成 oracle://用户@主机:1521/服务名（不要用 TNS 别名）
hint-ora-12541 = 该主机和端口上没有监听：请检查端口（默认 1521）以及监听器是否在运行（`lsnrctl status`）
hint-ora-unreachable = 请检查监听器是否在运行，以及主机、端口和服务名是否正确
err-oracle-client-missing = 未找到 Oracle Instant Client（DPI-1047）。yearend 在运行时加载它：请安装 Oracle Instant Client 19.x 的 Basic 包（不要用 Basic Light：它缺少医院数据库常用的 ZHS16GBK 字符集，会报 ORA-12737），64 位，并安装 libaio（Debian：apt-get install libaio1），然后把 LD_LIBRARY_PATH 指向其目录，例如 export LD_LIBRARY_PATH=/opt/oracle/instantclient_19_25，再重新运行 yearend。19.x 可连 Oracle 11.2 及以上；21c 只能连 12.1+，23ai 只能连 19c+。未做任何更改。

# 错误信息（数据库 URL）
url-shape = 数据库 URL 的写法是 postgres://用户@主机:5432/库名
url-unknown-scheme = 不认识的数据库类型 `{ $scheme }`：请用 oracle://、postgres:// 或 mysql://
url-password = URL 中含有密码：请删除；密码请通过 YEAREND_DB_PASSWORD 或运行时提示输入
url-password-option = URL 中含有密码（?password=…）：请删除；密码请通过 YEAREND_DB_PASSWORD 或运行时提示输入
url-bad-port = `{ $port }` 不是端口号
url-no-host = URL 中没有主机名
url-no-database = URL 中没有库名
url-no-service = URL 中没有服务名
url-unknown-option = 不支持 URL 选项 `{ $option }`：yearend 只认 sslmode 和 sslrootcert，请删除它
url-oracle-sslmode = sslmode 只用于 PostgreSQL 和 MySQL：Oracle 的加密在客户端的 sqlnet.ora（及 wallet）中配置，不在 URL 中，请删除
url-verify-full-needs-ca = sslmode=verify-full 需要医院的 CA 证书：请加上 &sslrootcert=/path/to/ca.pem
url-verify-ca = 不支持 sslmode=verify-ca：请用 verify-full（校验 CA 和主机名）或 require
url-rootcert-alone = sslrootcert 只与 sslmode=verify-full 一起使用
url-bad-sslmode = sslmode={ $mode } 不是 disable、require、verify-full 之一

# 错误信息（站点文件）
site-exclude-table = `{ $table }` 必须写成 schema.table（可用 * 通配）
site-exclude-reason = 请写明 { $table } 为何不扩展分区（报告中会显示）
site-key-format-table = `{ $table }` 必须写成 schema.table
site-password = 密码不能写在站点文件中：请删除这一行，改设 YEAREND_DB_PASSWORD，或由 yearend 运行时提示输入
site-bad-code = 医院代码 `{ $code }` 只能由字母、数字、- 或 _ 组成，最多 32 个字符（它用作状态目录名）
site-query-role-postgres-only = query_role 只在 PostgreSQL 上生效：在 MySQL/MariaDB 和 Oracle 上 SET ROLE 是在用户自身权限之外再加上角色的权限，而不是替换，因此不能使查询只读。请删除此项，并只授予数据库用户对厂商表的 SELECT 权限
site-bad-role = 角色 `{ $role }` 不是普通标识符
site-bad-schema = 模式 `{ $schema }` 不是普通标识符（字母、数字、_ 和 $）
site-bad-clock-host = `{ $host }` 不是可用的时钟主机：请写 local、database、http://主机:端口/ 或 ssh:用户@主机（本版本不读取 https）

# 错误信息（计划文件）
plan-query-file-missing = { $path }：步骤 `{ $step }`：找不到 { $db } 的查询文件 `{ $file }`（查找过：{ $looked }）
plan-extends-unreadable = extends `{ $path }`：{ $reason }（路径相对于本文件）
plan-extends-cycle = extends 形成循环：{ $chain }
plan-bad-step-id = 步骤 id `{ $step }` 只能由小写字母、数字、- 或 _ 组成
plan-duplicate-step-id = 步骤 id `{ $step }` 重复
plan-field-not-for-kind = 步骤 `{ $step }`：`{ $field }` 不适用于 { $kind } 步骤（它可用：{ $takes }）
plan-field-needed = 步骤 `{ $step }`：{ $kind } 步骤必须有 `{ $field }`
plan-list-empty = 步骤 `{ $step }`：`{ $key }` 为空
plan-percent-pattern = 步骤 `{ $step }`：模式 `{ $pattern }` 含有 `%`：这里的模式是通配符，请用 `*`（例如 { $glob }）
plan-tablespace-no-year = 步骤 `{ $step }`：表空间 `{ $name }` 中没有 {"{"}year{"}"}：请写成例如 EINV_DATA_{"{"}year{"}"}
plan-safety-factor = 步骤 `{ $step }`：safety_factor { $value } 必须在 1.0 到 10.0 之间
plan-timetable-unknown-step = timetable 中的步骤 `{ $step }` 在计划中不存在{ $suggestion }；计划中的步骤：{ $steps }
plan-no-mode = 计划中（包括它 extends 的文件）没有 `mode`：请加上 `mode: old_year_bills_usable`（往年票可用）或 `mode: old_year_bills_unusable`（往年票不可用）
plan-no-steps = 计划中没有任何步骤

# 错误信息（方案查询）
query-file-missing = 步骤 `{ $step }`：找不到查询文件 `{ $file }`
query-other-schema = { $path }：{ $why }。请用站点的模式限定表名（{"{{"} ident(schemas[0]) {"}}"}.table）
query-privilege = 步骤 `{ $step }`：{ $path } 需要 { $who } 没有的权限（{ $why }）；请 DBA 授予相应表的 SELECT 权限
query-role-named = 查询角色 { $role }
query-database-user = 数据库用户
query-failed = 步骤 `{ $step }`：查询 { $path } 执行失败：{ $cause }。请对照本数据库的表结构检查该查询。

# validate
validate-site-ok = { $path }：通过 — { $hospital }（{ $code }），数据库 { $url }
validate-plan-ok = { $path }：通过 — 方案「{ $name }」，模式 { $mode }，{ $steps } 个步骤，sha256 { $sha }
validate-due = 截止 { $date }

# 预检（preflight）
pf-ok = 通过
pf-fail = 未通过
pf-failed-item = { $name }：{ $text }
pf-name-role = 主备角色
pf-name-open-mode = 读写状态
pf-name-archivelog = 归档
pf-name-privileges = 权限
pf-name-select = 读权限
pf-name-backup = 备份
pf-cannot-read = 预检无法读取所需信息：{ $cause }。年结用户需要能读数据字典（Oracle：SELECT_CATALOG_ROLE 或 SELECT ANY DICTIONARY）
pf-db-clock = 信息  数据库时钟 { $time }（与本机相差 { $offset } 秒）
pf-select-any = { $user } 拥有 SELECT ANY TABLE：方案要读的表都可读
pf-select-ok = { $user } 可读方案要读的 { $n } 张其他模式的表
pf-select-missing = 缺少读权限（该步骤会在 ORA-00942 处停止）：{ $grants }；或 GRANT SELECT ANY TABLE TO { $user }
pf-backup-not-checkable = { $db } 无法检查 max_backup_age：数据库本身不保存备份记录。请人工核对备份（设一个人工步骤），并从方案中删去 max_backup_age
pf-ora-role = 数据库角色 { $role }（必须是 PRIMARY：在备库上执行 DDL 会丢失或被拒绝）
pf-ora-open-mode = 打开模式 { $mode }（必须是 READ WRITE）
pf-ora-log-mode = 日志模式 { $mode }（方案要求 ARCHIVELOG）
pf-for-tablespaces = 表空间步骤
pf-for-foreign-partitions = 其他模式中表的分区步骤
pf-grant-for = { $grant }（用于{ $why }）
pf-privileges-ok-list = { $user } 拥有方案所需的权限（{ $list }）
pf-privileges-ok = { $user } 拥有方案所需的权限
pf-missing = 缺少：{ $items }
pf-ora-no-backup = V$RMAN_BACKUP_JOB_DETAILS 中没有已完成的 RMAN 数据库备份（方案要求 { $max } 内有一次）
pf-ora-backup-age = 最近一次 RMAN 备份完成于 { $last }，距今 { $hours } 小时（方案要求 { $max } 内）
pf-standby = 该服务器是备库（处于恢复状态）：请在主库上执行年结
pf-primary = 主库（未处于恢复状态）
pf-pg-read-only = { $user } 的 default_transaction_read_only 为 { $value }
pf-pg-archive-mode = archive_mode 为 { $mode }（方案要求开启 WAL 归档）
pf-pg-superuser = CREATE TABLESPACE 需要超级用户：ALTER ROLE { $user } SUPERUSER，或改用超级用户运行
pf-pg-not-owner = { $user } 不是 { $n } 张分区表的属主，无法为其新增分区：{ $tables } —— GRANT <属主> TO { $user }
pf-my-read-only = 该服务器为 read_only（是从库？）：请在主库上执行年结
pf-my-read-write = 可读写（read_only = 0）
pf-my-log-bin = log_bin 为 { $value }（方案要求开启二进制日志）
pf-my-alter-ok = { $user } 在这些模式上有 ALTER 权限
pf-my-alter-missing = 缺少：{ $grants }（通过角色授予的权限在此看不到）

# 时钟
clock-no-ntp = 站点文件中没有 NTP 服务器（ntp:）：没有可比对的标准时间
clock-no-ntp-answer = 没有 NTP 服务器给出可用应答（{ $tried }）
clock-too-few-sources = 只有 { $usable } 个可用 NTP 服务器；站点要求 ntp_min_sources: { $min }
clock-no-majority = 各 NTP 服务器互不一致，没有多数（一致的最大集合为 { $usable } 个中的 { $chosen } 个）：先查明哪台服务器有误，再信任任何一台（{ $readings }）
clock-no-hosts = 站点文件中没有 clock_hosts：什么都没有检查
clock-wrong-zone = { $host } 运行在时区 { $zone }，而站点在 { $site }（time_zone:）：1 月 1 日最初几个小时的票据会被记成 12 月 31 日；请把服务器时区设为 { $site }（PostgreSQL：postgresql.conf 中的 timezone；MariaDB：default_time_zone；操作系统：timedatectl set-timezone）
clock-host-off = { $host } 与标准时间相差 { $offset } 秒（上限 ±{ $limit } 秒）
clock-host-unmeasured-why = { $host } 无法测量：{ $why }
clock-host-unmeasured = { $host } 无法测量
clock-single-source = { $label }：只有 { $only } 给出可用应答（共配置 { $configured } 个）；请在 ntp: 中再加一台 NTP 服务器
clock-drifting = { $host } 与标准时间相差 { $offset } 秒 ±{ $uncertainty } 秒，超过 { $warn } 秒：其时间同步没有在工作；请在 1 月 1 日前修好
clock-summary-hosts = { $n } 台主机与标准时间相差均在 ±{ $limit } 秒以内（最大偏差 { $worst } 秒）

# 表空间
ts-planned-line = { $from } → { $name }，位于 { $location }
ts-already-line = { $name } 已存在（与本年度并列）
ts-unknown-dir = 注意：无法从这里检查 { $dir }（需要 pg_read_server_files 权限）；该目录必须存在、为空，且属于数据库服务的操作系统用户

# 检查、模板、库存的终端行
check-line-passed = 检查 { $query }：通过 — { $text }
check-line-failed = 检查 { $query }：未通过 — { $text }
templates-versions = 打印 { $print }，显示 { $display }
templates-ok = 正常
templates-missing = 缺失
templates-unsynced-list = 未同步：{ $items }
stock-note = 注意：{ $text }
stock-data = 数据 [{ $level }]：{ $text }

# 分区覆盖判断（coverage）
cov-period = { $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
  }
cov-single-upper-only = 只有一个分区 { $partition } 且只有上界：读不出它的周期（日、月、季度或年）
cov-odd-span = 分区 { $partition } 覆盖 { $from } … { $to }：不是一日、一月、一季度或一年
cov-pg-catch-all = 只由兜底分区 { $partition }（{ $from } … { $to }）覆盖：PostgreSQL 无法拆分它，新的各{ $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
  }分区会全部落入其中
cov-pg-catch-all-hint = 与技术中心一起、在业务低谷时：ALTER TABLE { $table } DETACH PARTITION { $partition }；建好至 { $year }-12-31 的各{ $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
  }分区；再从 { $from } 起重新挂接 { $partition }
cov-cannot-name = 无法从 `{ $partition }` 推出新分区名（名字里没有写出其{ $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
  }的起点）
cov-name-too-long = 新分区名 `{ $name }` 超过 { $limit } 字节，超出服务器限制
cov-name-taken = { $label } 的分区名 `{ $name }` 已被另一个分区或表占用
cov-reorganize-directory = 兄弟分区的数据文件不在 { $tail } 所在目录（{ $tail_dir }）：MariaDB 的 REORGANIZE 会把新分区全部建在 { $tail } 的目录里，{ $count } 个新分区（如 { $first }，应在 { $want }）无法放到兄弟分区的位置。请由 DBA 决定新分区的目录（例如先在该表上按兄弟分区的目录手工 ADD/REORGANIZE），或在站点文件 partitions.exclude 中排除该表并写明原因。
dir-server-default = 服务器默认数据目录
cov-no-tablespace = { $label } 所需的表空间 `{ $tablespace }` 不存在：请先执行表空间步骤
cov-key-cannot-hold = 分区键存不下边界 { $bound }
cov-unreadable-bound = 无法读懂的分区边界：{ $bound }（分区键 { $key }）
cov-text-not-dates = 文本范围不是日期（{ $sample }）
cov-mixed-bounds = 分区边界类型不一（{ $sample }）
cov-to-days-not-days = TO_DAYS 边界不是整天（{ $sample }）
cov-epoch-or-ids = 整数边界看起来像 { $unit }（{ $sample }），也可能是编号：工具从不猜测
cov-or-if-ids = 或者，如果它们是编号
cov-numbers-not-dates = 数值范围不是日期，例如编号（{ $sample }）
cov-stated-mismatch = 站点文件写明分区键为 `{ $stated }`，但边界 { $bound } 不能这样读
cov-wall-midnights = 分区边界不在零点（如 { $bound }），像是站点时区 { $zone } 的零点按 UTC{ $offset } 写成的时间；本工具从不猜测，确认属实后再按下方写法写明
cov-stated-type = 站点文件写明分区键为 `{ $stated }`，但分区键的类型是 { $key_type }：该类型可写 { $fits }
cov-stated-unreadable = 站点文件写明分区键为 `{ $stated }`，但边界 { $bound }（分区键 { $key }）不是任何一天的零点，无法按此读取：本版本不能扩展边界不在零点的 timestamp 分区（例如以 UTC 零点写入的本地时间）。请由 DBA 处理该表，或按下方写法排除并写明原因
cov-other-zone-midnights = 其边界是 UTC{ $offset } 的零点，不在站点时区 { $zone }（UTC{ $site_offset }）：如要按 UTC{ $offset } 续建，请在站点文件中加上：
    { $hint }
cov-not-midnights = 其边界不是任何一个时区的零点：工具无法续建
cov-exclude-reason-placeholder = …不扩展的原因…
cov-reference = 引用分区表：其分区随父表而建；不处理
cov-reference-tablespace = { $base } —— 其 { $year } 年的分区会建在它的默认表空间 { $default }，而不是 { $want }：在 { $want } 建好之后、分区步骤之前，DBA 可执行 { $statement }（yearend 不发送这种语句）
cov-not-range = { $strategy ->
    [hash] 哈希分区
    [list] 列表分区
    [key] KEY 分区
   *[other] { $strategy } 分区
  }
cov-no-partitions = 是分区表，但没有任何分区：新年的每一行都会写入失败——请与技术中心确认后补建分区，或在站点文件的 exclude: 中写明原因排除此表
cov-subpartitioned = 分区 { $partition } 本身又被分区：请手工扩展
cov-pg-open-ended = 分区 { $partition } 上界开放到 MAXVALUE：PostgreSQL 无法拆分它
cov-only-tail = 只有 DEFAULT / MAXVALUE 分区：新年的每一行都会落入它，没有按期覆盖到新年 12 月——请与技术中心确认：补建按期分区（先迁出兜底分区中的行），或在站点文件的 exclude: 中写明原因排除此表
cov-ends-mid-day = 分区 { $partition } 止于 { $bound }，不是某天的零点
cov-starts-mid-day = 分区 { $partition } 始于 { $bound }，不是某天的零点
cov-interval = 间隔分区（{ $interval }）：插入数据时自动建分区；不处理
cov-interval-not-month = ；间隔不是一个月
cov-interval-tablespace = ；新分区会建在 { $ts }，而不是 { $want }：是否修改 STORE IN 由技术中心决定
ts-no-match = 没有与 `{ $pattern }`（规则 `{ $rule }`）匹配的 { $year } 年度表空间
ts-year-not-once = 表空间 { $name } 的名字中年份 { $year } 不是恰好出现一次
ts-standbys-line = 正在重放本库的备库：{ $standbys }；每台都需要先有目录 { $dirs }，才能 CREATE TABLESPACE
ts-pg-no-directory = 表空间 { $name } 没有自己的目录（默认位置）
ts-pg-dir-year = { $name } 的目录（{ $location }）中年份 { $year } 不是恰好出现一次，推不出次年度的目录
ts-pg-exists-elsewhere = 表空间 { $name } 已存在于 { $at }，而不是与 { $beside } 并列的 { $want }
ts-pg-dir-taken = 目录 { $dir } 已被表空间 { $other } 使用
err-catalog-unreadable = 无法读取数据字典：{ $cause }
err-catalog-reread = 核验时无法重新读取数据字典：{ $cause }
err-standbys-unreadable = 无法读取 pg_stat_replication：{ $cause }
err-tail-rows = 无法统计 DEFAULT / MAXVALUE 分区中的行数：{ $cause }
cov-rows-in-default = 新的各{ $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
  }（自 { $from } 起）已有 { $n } 行落在 DEFAULT 分区 { $tail } 中：不能在其上新建分区；请先与技术中心一起把这些行移走
cov-rows-in-tail = 尾部分区 { $tail } 中已有 { $n } 行属于新年度：拆分会复制这些行（慢，且锁表）；请联系技术中心
err-no-journal = { $path } 没有日志：还没有可报告的内容（请先执行 `yearend run`，或用 --state-dir 指定目录）
report-written = 报告：{ $path }
ts-ora-db-files = DB_FILES 为 { $limit }，数据库已有 { $now } 个数据文件：再加 { $new } 个会超出（ORA-00059，调大需重启数据库）
ts-ora-standby-file-management = 本主库向 { $standbys } 个 Data Guard 备库目的地传送 redo，而 STANDBY_FILE_MANAGEMENT 为 { $value }：每条 CREATE TABLESPACE 都会在备库上生成 UNNAMED 文件并使其恢复停止（ORA-01111）。请 DBA 先在备库和主库上执行：ALTER SYSTEM SET STANDBY_FILE_MANAGEMENT=AUTO SCOPE=BOTH
ts-ora-name-convert = 本主库的 Data Guard 备库路径不同（DB_FILE_NAME_CONVERT = { $patterns }），而其中没有映射 { $dirs }：备库不知道新文件该建在哪里。请 DBA 先在备库的 DB_FILE_NAME_CONVERT 中加上该目录
ts-ora-no-files = 表空间 { $name } 没有数据文件
ts-ora-spread = { $name } 的数据文件分布在多处（{ $one } 和 { $other }），次年度文件该放哪里不明确
ts-ora-exists-elsewhere = 表空间 { $name } 已存在于别处（{ $at }），不在 { $location } 与 { $beside } 并列
ts-ora-too-many-files = { $name } 有 { $n } 个数据文件，超过小文件表空间的上限
ts-ora-file-year = 数据文件 { $file } 的名字中年份 { $year } 不是恰好出现一次，推不出次年度的文件名
ts-ora-file-taken = { $name } 要用的文件 { $file } 已属于数据库（yearend 从不复用文件）
ts-ora-omf-no-dest = { $name } 的文件由 Oracle 自动管理（{ $dir }），但未设置 DB_CREATE_FILE_DEST，新文件无处可建
ts-note = 注意：{ $text }
ts-unchecked = 未检查（一般）：{ $text }
ts-ora-dictionary = { $name } 是字典管理的表空间（EXTENT MANAGEMENT DICTIONARY）：新表空间不应再这样建；请与技术中心商定本地管理的次年度表空间后由 DBA 手工创建
ts-ora-tde = { $from } 已启用 TDE 加密，而 ENCRYPT_NEW_TABLESPACES 不是 ALWAYS：yearend 建出的 { $name } 会是不加密的，因此不创建。请 DBA 按 { $from } 的加密算法（SELECT ENCRYPTIONALG FROM V$ENCRYPTED_TABLESPACES）手工执行 CREATE TABLESPACE { $name } … ENCRYPTION USING '算法' DEFAULT STORAGE (ENCRYPT)，然后重新运行 yearend（它会认出已存在的表空间）
ts-ora-tde-auto = { $name } 将由服务器自动加密（ENCRYPT_NEW_TABLESPACES = ALWAYS），与本年度一致
ts-ora-fs-space = 未检查文件系统剩余空间（数据库不提供这一信息）：{ $place } 需要 { $size } 给新数据文件，请在服务器上用 df -h 确认
ts-ora-asm-full = ASM 磁盘组 { $group } 的可用空间（USABLE_FILE_MB）只有 { $usable }，新数据文件需要 { $size }：请 DBA 先为磁盘组扩容
ts-ora-asm-ok = ASM 磁盘组 { $group }：新数据文件需要 { $size }，可用 { $usable }
ts-ora-asm-not-seen = 本实例的 V$ASM_DISKGROUP 中看不到磁盘组 { $group }，无法确认能否放下 { $size }：请 DBA 在 ASM 实例上查看 USABLE_FILE_MB
ts-ora-asm-not-read = 此快照不含 ASM 磁盘组信息（由旧版 yearend 生成），无法确认 { $group } 能否放下 { $size }
ts-ora-db-files-pdb = 未检查 DB_FILES 余量：当前在 PDB { $pdb } 中，V$DATAFILE 只列出本 PDB 的数据文件，而上限是整个 CDB 的；请 DBA 在 CDB$ROOT 中核对 SELECT COUNT(*) FROM V$DATAFILE 与 db_files
status-run = 第 { $n } 次运行：{ $started } — { $ended }，{ $operator }@{ $host }，语句 成功 { $ok } / 失败 { $failed } / 已发送未应答 { $no_answer }，{ $outcome }
status-run-no-end = 无结束记录
status-not-started = { $hospital }（{ $code }）{ $year } 年度：未开始——{ $path } 处没有日志（状态目录在站点文件旁，或站点文件的 state_dir:，或 --state-dir）
run-created-tablespaces = { $n } 个表空间
run-created-partitions = { $partitions } 个分区（{ $tables } 张表）
status-run-created = 本次年结新增（第 { $n } 次运行）：{ $what }

# 语句执行失败
stmt-still-locked = 步骤 `{ $step }`：重试 { $attempts } 次后该表仍被锁住（{ $why }）。语句：{ $sql }
stmt-privilege = 步骤 `{ $step }`：缺少权限（{ $why }）。请 DBA 授权后重新运行{ $unchanged }。语句：{ $sql }
stmt-table-unchanged = ；该表没有任何改动
stmt-failed = 步骤 `{ $step }`：语句执行失败：{ $why }{ $rolled_back }。语句：{ $sql }
stmt-rolled-back = ；该表的其他语句已随之回滚
note-no-db-run-lock = 注意：没有数据库运行锁（{ $why }）；本次运行只由 { $dir } 中的锁文件保护。给年结用户 GRANT EXECUTE ON SYS.DBMS_LOCK 即可两者兼有。
note-lock-taken-over = 注意：上一次运行（{ $previous }）结束时没有释放锁；已接管

# 方案查询的只读检查
guard-stored-function = { $schema }.{ $name }(…) 调用的是存储函数，它可以做任何事：方案查询只能调用内置函数
guard-function-not-allowed = { $name }(…) 不在只读函数白名单上（聚合、日期时间、字符串、条件、类型转换）：无法证明此查询只读；请改写，不要用 { $name }
guard-dollar-quoting = 美元引号（{ $word }）会隐藏查询的真实内容：请改用普通引号
guard-unparsable = { $db } 的 SQL 解析器读不懂这条查询（{ $why }），因此无法证明它只读：请改写
guard-one-select = 方案查询必须恰好是一条 SELECT（或 WITH … SELECT）
guard-row-locks = FOR UPDATE / FOR SHARE 会锁行：方案查询只能读
guard-select-into = SELECT … INTO 会建表：方案查询只能读
guard-writes-inside = 查询里的 { $verb } 会修改数据：方案查询只能读
guard-single-select = 方案查询或数据字典查询必须是一条 SELECT（或 WITH … SELECT）
guard-no-place = 只读查询中不应出现 { $word }
guard-side-effects = { $word } 有副作用：只读查询不得调用
guard-unterminated-comment = 第 { $at } 个字符处的注释没有结束
guard-unterminated-quote = 第 { $at } 个字符处的引号没有结束
guard-empty = 空语句
guard-more-than-one = 不止一条语句（中间有 `;`）
guard-other-schema = 读取了 { $table }：方案查询只能读站点的模式（{ $schemas }）
guard-system-catalog = 读取了系统表 { $table }：方案查询只能读站点自己的表
guard-refused = 安全检查拒绝了这条语句（{ $reason }）：{ $excerpt }
pf-ora-backup-pdb = 未检查备份：当前在 PDB { $pdb } 中，V$RMAN_BACKUP_JOB_DETAILS 看不到已完成的数据库备份，而 RMAN 备份的是整个 CDB；请 DBA 在 CDB$ROOT 中确认 { $max } 内有一次完整或增量备份，或从方案中删去 max_backup_age 并用人工步骤确认

# status 与数据库现状
status-title = { $hospital }（{ $code }）— { $closing } 年度年结（开启 { $year } 年）：{ $state }
status-journal = 日志 { $path }：{ $records } 条记录，运行 { $runs } 次
status-chain-intact = 哈希链：完整（日志头哈希 { $hash }）
status-chain-broken = 哈希链：损坏：{ $why }——请保留文件并联系技术中心
status-last-run = 最近一次运行：{ $at }，操作人 { $operator }，主机 { $host }，方案 sha256 { $sha }
status-no-end-record = 最近一次运行没有结束记录：仍在运行或已中断；`yearend run` 会接着做
live-not-compared = 数据库现状：未比对（离线；加 --live 将日志与数据库逐项比对）
live-all-present = 数据库现状：日志记为已创建的 { $n } 个对象都在
live-missing = 数据库现状：日志记为已创建的 { $n } 个对象中 { $m } 个已不在：{ $list }——被人工删除或分离？再次运行 `yearend run` 会重新创建，并请在工单中说明

# 新年度还会触及的对象
ny-missing-twin = 按年分表 { $table } 没有 { $year } 年的对应表 { $twin }：请厂商在 1 月 1 日前建好（并检查合并它们的视图/同义词）
ny-sequence = 序列 { $sequence } 带有 { $closing } 年（范围 { $min }…{ $max }）：{ $year } 年的编号需要新序列或重置，请与厂商确认
ny-job = 定时任务 { $name }（{ $detail }）也会创建分区或表：名称可能与 yearend 的冲突；年结当晚请暂停它，或让 yearend 先做
ny-note = 注意     { $text }
ny-unchecked = 未检查   { $text }
partitions-unusable-before = 注意：{ $table } 在年结前已有 UNUSABLE 索引：{ $indexes }
partitions-plain = 未分区（不扩展）：{ $tables }
partitions-no-stats = 注意     { $n } 个新分区没有优化器统计信息，直到夜间统计作业收集为止；方案中写 copy_stats: true 可复制最新分区的统计信息（DBMS_STATS.COPY_TABLE_STATS）

# 运行的开头与结尾
interrupted-in-flight = 服务器上正在执行的语句已取消，未生效：{ $sql }
interrupted-nothing-in-flight = 没有语句在执行
interrupted = 已中断（{ $signal }）：{ $what }；之后没有再发送任何语句。已完成的都已记入日志 { $journal }；数据库运行锁随会话释放。继续：{ $resume }
resuming = 接着之前的 { $n } 次运行（{ $journal }）：重新读取数据库现状，已完成的不会重做
journal-head = 日志头哈希（请抄进工单）：{ $head } —— 日后核对：yearend status --head { $short }
late-steps = 逾期步骤：{ $steps }
next-run = 下一步：{ $command }
next-run-confirm = 下一步：确认上述人工步骤确已完成后运行 { $command }
plan-tally-nothing = 合计：不做任何更改
plan-tally = 合计：将新建 { $tablespaces } 个表空间、{ $partitions } 个分区（{ $tables } 张表），共 { $statements } 条语句
next-report = 下一步：yearend report --site { $site } --format html --out report.html（附入工单）
next-act = 下一步：按上面各步骤的说明处理后再次运行（已完成的不会重做）；需要时 yearend status 查看进度
offline-banner = 离线：根据快照 { $path } 生成方案（{ $taken } 采集自 { $name } { $version }）；需要在线数据库的步骤不运行
clock-title = { $hospital }（{ $code }）— 环境时间检查
statement-ok = 完成（{ $ms } ms）{ $sql }
lock-wait-unit = 等待锁超时（{ $why }）；该表的 { $n } 条语句已回滚；{ $wait } 秒后第 { $attempt }/{ $left } 次重试
lock-wait = 等待锁超时（{ $why }）；{ $wait } 秒后第 { $attempt }/{ $left } 次重试
still-locked-later = { $table } 仍被锁住：先处理其他表，最后再试
clock-no-reference = 没有标准时间：一致的最大集合是 { $usable } 个可用服务器中的 { $chosen } 个，不是多数

# doctor
doctor-no-site = 没有给出 --site：数据库和时钟主机的连通性未检查
doctor-tag-ok = [通过]{"  "}
doctor-tag-fix = [需处理]
doctor-summary = { $n } 项检查，{ $bad } 项需处理
doctor-glibc = glibc { $version }（本程序要求 ≥ 2.17）
doctor-no-client = 未找到 Oracle 客户端（Instant Client，libclntsh.so）：Oracle 医院请安装 19.x 的 Basic 包（不要用精简版 Basic Light）和 libaio，并把其目录加入 LD_LIBRARY_PATH
doctor-client-oracle-only = （只有 Oracle 站点需要）
doctor-client-not-needed = （本站点不是 Oracle，不需要）
doctor-client-light = { $dir } 中是 Oracle 客户端 { $version } 的精简版（Basic Light）：它缺少 ZHS16GBK 字符集（ORA-12737），请换成 19.x 的 Basic 包
doctor-client-ok = Oracle 客户端（Instant Client）{ $version }：{ $dir }
doctor-client-version = Oracle 客户端（Instant Client）{ $version }（{ $dir }）：请用 19.x（21c 只能连 12.1 以上，23ai 只能连 19c 以上）
doctor-unset = （未设置）
doctor-nls-lang = NLS_LANG={ $value }（yearend 与数据库之间始终用 UTF-8 传输，不依赖它）
doctor-state-ok = 状态目录 { $dir } 可写
doctor-state-bad = 状态目录 { $dir } 不可写（{ $cause }）：换一个目录（--state-dir）或修改权限
doctor-db-ok = 数据库 { $at } 可连通（TCP）
doctor-db-bad = 数据库 { $at } 连不上（{ $cause }）：检查地址、端口、防火墙和监听
doctor-ntp-ok = 时间源 { $server } 应答正常
doctor-ntp-bad = 时间源 { $server }：{ $why }
doctor-host-ok = 时钟主机 { $host } 可连通
doctor-host-bad = 时钟主机 { $host } 连不上（{ $cause }）
signal-first = 收到 { $signal }：正在取消服务器上执行中的语句，记入日志后停止（再按一次 Ctrl-C 立即退出）
signal-second = 收到 { $signal }：立即退出。下次运行会重新读取数据库现状，已完成的不会重做
status-blocking = 待解决：
clock-passed = 通过：{ $text }
clock-failed = 未通过：{ $text }
error-line = 错误：{ $text }
verification-passed = 最近复核：{ $at }（{ $hours } 小时前）：通过，{ $steps } 步均无问题
verification-failed = 最近复核：{ $at }（{ $hours } 小时前）：未通过：{ $steps }

# 每张表的结论行
list-sep = 、
vl-gaps = ；未补的空缺：{ $labels }
vl-tail-rows = ；{ $tail } 中有 { $n } 行属于这些新分区
vl-tail-empty = ；{ $tail } 为空（0 字节）
vl-extend = 扩展     { $name }：{ $n } 个新分区 { $first }…{ $last }{ $gaps }{ $tail }
vl-covered = 已覆盖   { $name }{ $gaps }
vl-not-covered = ——新年度未覆盖
vl-review = 需复核   { $name }：{ $reason }{ $uncovered }
vl-blocked = 受阻     { $name }：{ $reason }
vl-blocked-hint = 受阻     { $name }：{ $reason }
    {"        "}继续前请在站点文件中加入：
    {"        "}{ $hint }
vl-not-time = 信息     { $name }：非时间分区，不扩展（{ $reason }）
vl-excluded = 已排除   { $name }：{ $reason }
vl-plain = 普通表   { $name }：未分区

# 步骤标题、结论、开头与结尾
step-header = ▸ { $id } · { $title }（{ $kind }{ $due }{ $owner }）
header-owner = ，负责 { $owner }
header-due = ，截止 { $date }
header-due-late = ，截止 { $date } — 已逾期
step-outcome = { $status }：{ $text }
run-summary = { $summary }；退出码 { $code }
journal-path = 日志：{ $path }
banner = { $command }— { $hospital }（{ $code }），方案「{ $plan }」sha256 { $sha }，{ $closing } 年度年结（开启 { $year } 年），今天 { $today }，数据库 { $db }
banner-verify = yearend verify（复核：只读，不做任何更改）
banner-plan = yearend plan（演练：只读，不做任何更改）
banner-run = yearend run{" "}
scope-line = 范围：{ $tables } 张表（模式 { $schemas }）{ $include }
scope-include = ；包含 { $patterns }
partitions-counts-line = 范围内 { $tables } 张表：待扩展 { $extend }，已覆盖 { $covered }，已排除 { $excluded }，非时间分区 { $not_time }，需复核 { $review }，受阻 { $blocked }
stock-ok = 充足
stock-short = 不足

# 时钟读数
clock-reference = 标准时间 { $offset } 秒 ±{ $uncertainty } 秒，来自 { $usable } 个可用服务器中的 { $chosen } 个（共同区间 { $low } … { $high } 秒）
clock-note = 注意 { $text }
clock-server-error = NTP { $server }：{ $error }
clock-server = NTP { $server }：偏差 { $offset } 秒，往返 { $delay } 秒，根距离 { $distance } 秒，层级 { $stratum }{ $role }
clock-role-chosen = ——选用
clock-role-falseticker = ——偏离多数（不采用）
clock-role-undecided = ——没有多数与之或彼此一致
clock-role-other = ——{ $error }
clock-tag-ok = 正常
clock-tag-warn = 警告
clock-tag-fail = 失败
clock-zone = ，时区 { $zone }
clock-offset = { $offset } 秒 ±{ $uncertainty } 秒
clock-host = { $tag } { $host }：{ $reading }{ $zone }（{ $method }）

# 每次运行的结果
run-outcome-no-end = 未正常结束（中断或崩溃，以数据库现状为准）
run-outcome-ok = 成功
run-outcome-findings = 有步骤未通过或待确认
run-outcome-input = 输入有误，未执行
run-outcome-runtime = 运行错误（数据库或权限）
run-outcome-locked = 被另一运行占用锁
run-outcome-interrupted = 已中断（信号）
run-outcome-code = 退出码 { $code }
ask-approve = 执行以上 { $n } 条语句（步骤 { $step }）？输入 是/yes/y 执行，否/no/n 不执行: 
ask-approve-omitted = … 另有 { $n } 条（yearend plan 列出全部）…
ask-again = 请回答 是/yes/y 或 否/no/n
ask-manual = 已完成「{ $title }」？输入 是/yes/y 确认，否/no/n 不确认；直接回车：暂不确认: 
ask-manual-not-now = 暂不确认：此步骤保持“待确认”，完成后再运行或加 --confirm 步骤 --operator 姓名
ask-manual-name = 确认人姓名: 
ask-manual-no-name = 未填写姓名：不能确认，此步骤保持“待确认”
ask-password = 数据库密码（{ $url }）: 
ask-password-unreadable = 无法从终端读取密码：{ $error }
manual-declined = 操作人回答“否”：尚未完成；完成后请再运行，或加 --confirm { $step } --operator 姓名
guard-comment-unterminated = 注释没有结束（缺少 */）
guard-quote-unterminated = 引号没有结束
guard-executable-comment = { $form } 开头的是 MySQL/MariaDB 的可执行注释或优化器提示：对解析器是注释，对服务器是代码，方案查询不能使用；请删去
guard-at = 第 { $line } 行第 { $column } 列：{ $why }
guard-operator = 运算符 { $op } 不是内置运算符（自定义运算符会执行存储代码）：方案查询只能用内置运算符
guard-cast-type = 转换为类型 { $ty }：只能转换为内置类型（域类型或自定义类型的输入函数、CHECK 约束是存储代码）
guard-other-database = 读取了 { $table }：方案查询只能读当前数据库中站点的模式
guard-unqualified = 读取了未限定模式的 { $table }：Oracle 上方案查询的表名必须带站点的模式（如 {"{{"} ident(schemas[0]) {"}}"}.{ $table }），DUAL 除外
guard-unresolved = 数据库找不到 { $table }（或当前用户看不到）：请用站点的模式限定表名
run-lock-lost = 本次运行已不再持有数据库中的运行锁（会话被结束、服务器重启，或锁被释放）：为免与另一次运行同时改库，已停止；请确认没有其他运行后重新执行 yearend run
err-today-range = --today / YEAREND_TODAY `{ $value }` 不在 2000–2099 年之间：请检查是否打错
note-today-far = 注意：--today { $value } 与本机时钟相差 { $days } 天，请确认不是打错
err-bad-person-name = { $flag } 的姓名不能为空、不能含控制字符（换行、终端转义等），且不超过 64 个字
read-value-too-big = 查询返回的一个值有 { $bytes } 字节，超过单值上限 { $cap } 字节（YEAREND_MAX_VALUE_BYTES）：检查查询应只返回汇总数字
read-result-too-big = 查询结果超过 { $cap } 字节（YEAREND_MAX_RESULT_BYTES）：检查查询应汇总（COUNT、MIN、MAX）或缩小 WHERE 条件
file-is-link = 这是一个符号链接：yearend 不跟随链接读取文件，请给出文件本身的路径
file-not-regular = 不是普通文件（是 { $kind }）
file-over-cap = 文件超过 { $cap }
bundle-duplicate-entry = 其中 `{ $name }` 出现了两次（证据包每个文件只能有一份）
guard-unreadable = 这条查询无法读完（过深或过长）：请简化
guard-query-too-long = 渲染后的查询超过 64 KiB：方案查询应是一条简短的只读查询
chain-after-seal = 封存后多 1 条：seq { $seq }（写入与封存之间的崩溃所留）
status-chain-intact-note = 哈希链：完整（{ $note }；日志头哈希 { $hash }）
fleet-bundle-no-journal = 证据包里没有 journal.jsonl
io-disk-full = 磁盘已满
err-state-write = { $path }：写入失败（{ $reason }）。本次运行已停止，之后不再发送任何语句；日志已退回到最后一条完整记录，封存文件与之一致。腾出空间后重新运行 yearend run 即可续跑
cov-key-expression = 分区键是表达式（{ $expression }），不是单独的一列：本工具读不出它的日期，不会扩展
cov-key-columns = 分区键由多列组成（{ $columns }）：本工具只扩展按单列时间分区的表
note-state-legacy = 注意：使用旧默认位置的日志 { $old }（本版本默认放在站点文件旁：{ $new }）；继续沿用，不会另起一份
err-state-two = 同一医院、同一年度有两个状态目录：{ $old }（旧默认位置，当前目录下）与 { $new }（站点文件旁）。请确认哪一个是本次年结的日志，用 --state-dir 指明，或把另一个移走后再运行
err-operator-needed = run 需要具名的执行人：加 --operator 姓名，或设置 YEAREND_OPERATOR（在终端中运行时会询问）
ask-operator = 执行人姓名（记入日志与报告）: 
sib-uneven = 只有部分近期子分区有 `{ $what }`（{ $children }）：不据此判断新分区
sib-varies = `{ $what }` 在各子分区取值不同：不据此判断新分区
sib-missing = { $child } 缺少 `{ $what }`，近期各兄弟分区都有
sib-changed = { $child } 的 `{ $what }` 为 { $got }，兄弟分区为 { $want }
sib-extra = { $child } 多出 `{ $what }`，近期兄弟分区都没有
sib-not-carried = 近期每个子分区都有、新分区将没有的：{ $what }——yearend 目前不能给新分区带上这些；请手工建出带有这些的新分区（或请技术中心补上），或在站点文件的 exclude: 中写明原因排除此表
sib-tail-not-kept = MAXVALUE 分区自身的属性在 REORGANIZE 重建时会丢失，yearend 又无法原样写回：{ $what }——请手工添加新分区并保留它，或在站点文件的 exclude: 中写明原因排除此表
sib-publication-statements = 发布端（本库）：{ $publisher } 订阅端：先建出同名同边界的子分区（与本库相同的 CREATE TABLE … PARTITION OF { $parent }），再执行 ALTER SUBSCRIPTION <订阅名> REFRESH PUBLICATION。顺序：先订阅端建表，后发布端加入发布
sib-publication-confirm = 近期子分区逐个列在发布中，新分区不会自动加入（yearend 不代为加入：订阅端若还没有这些表，复制会停止）。两端语句：{ $both }。确认后用 --confirm { $step } 运行，新分区建好后按上述顺序在两端执行
sib-differs = 新分区与兄弟分区不一致：{ $differences }
sib-notes = 兄弟分区之间本身不一致：{ $notes }
sib-not-read = 未比较新分区与兄弟分区：{ $why }
sib-directories-not-read = 未读取分区数据目录（DATA DIRECTORY）：{ $why }。新分区将建在服务器默认数据目录；若本院有分区放在其他目录，请为年结账号授予 PROCESS 权限后重新运行 plan。
sib-offline = 快照不含各子分区的属性；请在联机数据库上比较（`yearend plan`）
ny-job-partman = { $name } 管理 { $tables }，也会为它们建分区：名称可能与 yearend 冲突；请在当晚暂停其维护，或让 yearend 先执行
vl-tail-copy = ；{ $tail } 中没有新年度的行；REORGANIZE 会在锁表期间重写其全部 { $rows } 行（按文档中的复制速度约 { $seconds } 秒）
cov-copy-confirm = 对 { $tail } 的 REORGANIZE 会在锁表期间重写 { $n } 行（约 { $seconds } 秒），超过 partitions.max_rows_to_move（{ $limit }）——待确认：请在业务低峰加 `--confirm { $step }` 运行，或在站点文件中调高 max_rows_to_move
vl-placed = ；→ { $tablespaces }（{ $rule }）
place-year-twin = 兄弟分区表空间的次年同名表空间
place-same-period = 同去年同期
place-latest = 同最新分区
stock-overlap = { $code }：批次 { $first } 与 { $second } 都含号码 { $from }–{ $to }（{ $n } 个号码；同一批次导入了两次？）：只计一次——请更正库存数据
stock-overlap-not-checked = { $query } 未返回 range_from / range_to：号段重叠的批次无法检查（未检查重叠）
templates-in-use-unreadable = { $code } { $name }：in_use 为 { $value }，不是可识别的是/否（{ $accepted }）：请在票据种类中更正
step-hint = 操作指引：{ $hint }
plan-two-due-dates = 步骤 `{ $step }` 有两个截止日期：timetable 为 { $timetable }，其 deadline: 为 { $deadline }——请只保留一个（timetable 的日期同时作为该步骤的截止日期）
prompt-unanswered = { $minutes } 分钟内无人应答
prompt-cancelled = 在提示处取消（{ $signal }）
step-unanswered = 无人应答（{ $why }）：运行到此结束，本步骤未发送任何语句；有人值守时再次运行（站点键 prompt_timeout）
step-cancelled-at-prompt = 操作人取消，未发送任何语句（{ $signal }）
ask-password-again = 服务器拒绝了该密码（第 { $attempt } 次，共 3 次）：请重新输入

# 证据包、封存与快照
seal-unreadable = 封存文件无法读取（{ $cause }）
seal-cut = 日志有 { $have } 条记录，封存时为 { $sealed } 条（封存于 { $at }）：末尾有 { $n } 条记录被截去
seal-torn = 封存记录之后有一行不完整（{ $bytes } 字节）：写入途中崩溃
seal-edited = 日志最后一条记录不是封存时的那条（末尾 { $head }，封存 { $sealed }）：日志被改动过
seal-one-after = 封存之后多一条记录：写入后、封存前崩溃
seal-added = 封存之后多出 { $n } 条记录（封存 { $sealed } 条）：是事后添加的
head-too-short = 末尾哈希 `{ $pasted }` 太短：请至少粘贴前 12 位
head-mismatch = 日志末尾哈希为 { $hash }，不是工单中记录的 { $pasted }：日志在运行后被改动，或这是另一份日志
chain-no-link = 第 { $n } 行与第 { $prev } 行链接不上
chain-not-record = 第 { $n } 行不是日志记录
bundle-cannot-write = { $path }：无法写入证据包：{ $cause }
bundle-cannot-read = { $path }：无法读取证据包：{ $cause }
bundle-not-ours = { $path }：不是 yearend 证据包：{ $why }
bundle-not-a-file = 其中的 `{ $name }` 不是单独的文件
bundle-too-large = 超过 256 MiB
bundle-no-file = 证据包中没有 { $name }
bundle-sums-line = { $sums }：无法读取的一行 `{ $line }`
bundle-missing = { $name } 列在 { $sums } 中，但证据包里没有
bundle-changed = { $name } 与 { $sums } 中的 sha256 不符：已被改动
bundle-unlisted = { $name } 在证据包中，但未列入 { $sums }
bundle-chain-broken = { $journal } 第 { $line } 行：哈希链断开（{ $why }）
vb-intact = { $path }：完整——{ $n } 个文件（{ $names }），日志 { $records } 条记录，末尾哈希 { $head }{ $pasted }
vb-pasted = ，与工单记录一致
vb-not-intact = { $path }：不完整：
report-bundle-written = 证据包：{ $path }（{ $names }、{ $sums }）；校验：yearend verify-bundle { $path }
snapshot-written = { $hospital }（{ $code }）的快照，{ $db } { $version }：{ $tablespaces } 个表空间、{ $tables } 张表、{ $partitions } 个分区、{ $tails } 个 DEFAULT/MAXVALUE 分区行数 → { $path }
err-journal-unsealed = { $path }：{ $why }。请为审计保留此文件和 { $seal }，并在再次运行前联系技术中心（或换用另一个 --state-dir）。
err-journal-broken = { $path } 第 { $line } 行：日志哈希链断开（{ $why }）。请为审计保留此文件，并在再次运行前联系技术中心（或换用另一个 --state-dir）。
lock-holder = 进程 { $pid }，主机 { $host }，执行人 { $operator }，自 { $since } 起
note-january-year = 1 月：默认年度为刚开启的 { $year } 年；要演练下一年度请加 --year { $next }
saved-plan-written = 已保存方案：{ $path }（{ $n } 条语句）；只执行这些语句：{ $command }
err-saved-not-held = 步骤 `{ $step }` 将执行一条已保存方案中没有的语句：{ $sql }。审核之后数据库或方案已有变化：请重新生成并审核已保存方案（yearend plan --out）
unit-planned = 将执行 { $target }：{ $partitions ->
    [0] { $statements } 条语句
   *[other] 新建 { $partitions } 个分区，{ $statements } 条语句
}（-v 逐条列出）
unit-done = 完成 { $target }：{ $partitions ->
    [0] { $statements } 条语句
   *[other] 新建 { $partitions } 个分区，{ $statements } 条语句
}，{ $seconds } 秒
did-you-mean = （是否想写 `{ $word }`？）
err-step-unknown-key = 步骤 `{ $id }`（{ $kind } 步骤）不认识的键 `{ $field }`{ $suggestion }；{ $kind } 步骤可用的键：{ $allowed }
err-not-month-day = `{ $value }` 不是 月-日 格式的日期（例如 "12-25"）
err-not-span = `{ $value }` 不是时长（写 30s、10m、2h 或 3d）
fleet-title = 年结进度总览 { $today }{ $year }：共 { $n } 家医院
fleet-year = （{ $year } 年度）
fleet-attention = 需要有人处理（最急的在前）：
fleet-overdue = 自 { $date } 起逾期
fleet-due = 最近截止 { $date }
fleet-age-days = 最近记录 { $n } 天前
fleet-age-hours = 最近记录 { $n } 小时前
fleet-item = · { $title }（{ $owner }{ $due }）：{ $what }
fleet-item-due = ，截止 { $date }
fleet-item-due-late = ，截止 { $date }，已逾期
fleet-escalation = 升级联系人：{ $who }
fleet-also = 同一医院同一年度另有证据：{ $sources }
fleet-done = 已完成（{ $n } 家）：{ $list }
fleet-nothing-received = 未收到任何结果
fleet-page-written = 总览页面：{ $path }
fleet-source-state = 状态目录 { $path }
fleet-source-bundle = 证据包 { $path }
fleet-source-directory = 目录 { $path }
step-duration = { $id } { $seconds } 秒
run-durations = 各步耗时：{ $steps }
progress-elapsed = 已用
progress-eta = 预计还需

## Errors and lines that were written in the code
scope-no-schemas = 步骤 `{ $step }`：没有要处理的模式：请在站点文件（database.schemas）或步骤（schemas）中列出
scope-percent = 步骤 `{ $step }`：模式 `{ $pattern }` 含有 `%`：这里的模式是通配符，请用 `*`（例如 `{ $glob }`）
scope-no-such-schema = 步骤 `{ $step }`：数据库中没有模式 `{ $schema }`{ $suggestion }（现有：{ $known }）。请改正站点文件的 database.schemas 或方案中的 `schemas:`
scope-include-matches-nothing = 步骤 `{ $step }`：include 模式 `{ $pattern }` 在 { $schemas } 中匹配不到任何表；最接近的：{ $closest }
err-identity-unreadable = 无法读取数据库标识：{ $cause }
saved-format = { $path }：已保存方案的格式 { $got } 不是本版 yearend 读取的格式 { $want }：请用本版重新 plan --out
saved-edited = { $path }：步骤 `{ $step }` 的语句在保存后被改过（sha256 不符）：请重新生成已保存方案
snapshot-tail-rows = 无法统计 DEFAULT / MAXVALUE 分区中的行数：{ $cause }
snapshot-format = { $path }：快照格式 { $got } 不是本版 yearend 读取的格式 { $want }：请用本版重新采集快照
fleet-roster-unreadable = { $path }：无法读取医院名册：{ $cause }
fleet-not-a-roster = { $path }：不是医院名册（应为 {"{"}site, plan{"}"} 的 YAML 列表）（解析器原话：{ $cause }）
fleet-not-a-directory = { $path }：不是存放各医院状态目录或证据包的目录
rowshape-no-column = 步骤 `{ $step }`：查询 { $query } 没有返回列 `{ $col }`（实际返回：{ $returned }）；必须返回：{ $required }
rowshape-no-columns = 没有任何列
rowshape-empty-value = 步骤 `{ $step }`：查询 { $query } 第 { $row } 行：`{ $col }` 为空或无法读取
err-query-unreadable = { $path }：无法读取查询文件：{ $cause }
journal-spill-write = 无法把演练记录暂存到临时文件：{ $cause }
journal-spill-read = 无法从临时文件读回演练记录：{ $cause }
err-json-unreadable = 无法读取{ $what } { $path }：{ $cause }
err-json-not-ours = { $at }：不是 yearend 的{ $what }（解析器原话：{ $cause }）
only-not-qualified = --only `{ $only }`：请写成 模式.表名，例如 --only einvoice.eb_bill（与数据库报错中的写法一致）
only-no-step = --only { $table }：{ $plan } 中没有处理模式 `{ $schema }` 的 partitions 步骤（步骤的模式来自步骤本身或站点文件的 database.schemas）
partitions-still-locked = 步骤 `{ $step }`：其他表都已完成，这些表仍被锁住：{ $tables }。请等持锁的会话结束（或联系其负责人）后再运行：已完成的语句不会重复。{ $hint }
apply-guard-defect = 步骤 `{ $step }`：{ $why }。这是 yearend 的缺陷：请报告技术中心。
err-cannot-create = 无法创建 { $path }：{ $cause }
err-cannot-open = { $path }：无法打开{ $what }：{ $cause }
err-server-version = 无法读取服务器版本（服务器原话：{ $cause }）
err-no-instances = { $scheme } 没有可逐个连接的实例
live-catalog-unreadable = 无法读取数据库目录以与日志比对：{ $cause }
what-journal = 日志
what-lock-file = 锁文件
what-seal = 封存记录
what-saved-plan = 已保存方案
what-snapshot = 快照
manual-instruction = 操作说明：{ $line }
fleet-no-evidence = 没有收到任何医院的证据：{ $dirs } 下既没有状态目录也没有证据包。请把各医院的证据包（report --bundle）或状态目录放进来，或用 --roster 列出应到的医院（未到的会显示为未开始或已逾期）
io-not-a-directory = 路径中有一段不是目录
io-is-a-directory = 这是目录，不是文件
io-already-exists = 已存在
io-read-only = 文件系统只读
io-other = 系统原话：{ $cause }
guard-never-drop = yearend 从不删除任何对象
guard-never-truncate = yearend 从不删除数据
guard-never-delete = yearend 从不删除数据
guard-never-insert = yearend 从不写入业务数据
guard-never-merge = yearend 从不合并分区
guard-never-rename = yearend 从不重命名表空间、文件或分区
guard-never-resize = yearend 从不调整数据文件大小
guard-never-move = yearend 从不移动表空间、文件或分区
guard-never-coalesce = yearend 从不合并（COALESCE）分区
guard-never-exchange = yearend 从不交换分区
guard-never-offline = yearend 从不让任何对象脱机
guard-never-reuse = yearend 从不重用已有数据文件
guard-never-detach = yearend 从不分离分区
guard-never-shrink = yearend 从不收缩任何对象
guard-never-grant = yearend 从不改动权限
guard-never-revoke = yearend 从不改动权限
guard-never-discard = yearend 从不丢弃表空间
guard-never-remove = yearend 从不取消分区
guard-shape-the-maxvalue-tail-must-stay-maxvalue = MAXVALUE 尾分区必须仍是 MAXVALUE
guard-shape-update-or-a-second-alter-inside-a-ddl-st = DDL 语句中含有 UPDATE 或第二个 ALTER
guard-shape-update-indexes-may-only-place-index-part = UPDATE INDEXES 只能指定索引分区的位置
guard-shape-update-indexes-list-unbalanced = UPDATE INDEXES 列表括号不配对
guard-shape-split-names-no-partition = SPLIT 没有指明分区
guard-shape-split-without-into = SPLIT 缺少 INTO
guard-shape-split-into-list-unreadable = SPLIT INTO 列表无法解读
guard-shape-split-into-lists-no-partition = SPLIT INTO 没有列出分区
guard-shape-a-split-must-keep-the-split-partition-as = SPLIT 必须把被拆分的分区保留为最后一个、只出现一次、保持原边界
guard-shape-reorganize-names-no-partition = REORGANIZE 没有指明分区
guard-shape-reorganize-of-more-than-one-partition-is = REORGANIZE 多个分区就是合并：绝不允许
guard-shape-reorganize-into-list-unreadable = REORGANIZE INTO 列表无法解读
guard-shape-reorganize-into-lists-no-partition = REORGANIZE INTO 没有列出分区
guard-shape-a-reorganize-must-keep-the-reorganized-p = REORGANIZE 必须把被重组的分区保留为最后一个、保持原边界
guard-shape-grant-yearend-never-changes-privileges-b = GRANT：yearend 从不改动权限，只把兄弟分区的授权复制到新分区
guard-shape-the-only-pl-sql-yearend-sends-as-ddl-is = yearend 作为 DDL 发送的 PL/SQL 只有 DBMS_STATS.COPY_TABLE_STATS(ownname, tabname, srcpartname, dstpartname)
guard-shape-not-on-the-allow-list-create-tablespace = 不在允许清单上（CREATE TABLESPACE、CREATE [UNLOGGED] TABLE … PARTITION OF、ALTER TABLE … ADD / SPLIT / REORGANIZE PARTITION，以及在新分区上的 CREATE [UNIQUE] INDEX、ADD CONSTRAINT、OWNER TO、GRANT、ENABLE / FORCE ROW LEVEL SECURITY、CREATE POLICY、COMMENT ON）
guard-shape-not-one-of-the-session-statements-yearen = 不是 yearend 使用的会话语句（锁超时、运行锁）
guard-shape-comment-only-comment-on-table-column-nam = COMMENT：只允许在新分区上 COMMENT ON TABLE|COLUMN 名称 IS '文字'
guard-ddl-no-policy-name = 缺少策略名
guard-ddl-on-table-expected-after-the-name = 名称后应为 ON 表名
guard-ddl-no-table = 缺少表名
guard-ddl-as-permissive-restrictive-for-expected = 应为 AS PERMISSIVE|RESTRICTIVE FOR …
guard-ddl-for-all-select-insert-update-delete-to-e = 应为 FOR ALL|SELECT|INSERT|UPDATE|DELETE TO …
guard-ddl-a-role-expected = 应为一个角色
guard-ddl-an-unbalanced-expression = 表达式括号不配对
guard-ddl-update-or-alter-inside-an-expression = 表达式中含有 UPDATE 或 ALTER
guard-ddl-no-trigger-name = 缺少触发器名
guard-ddl-before-after-or-instead-of-expected = 应为 BEFORE、AFTER 或 INSTEAD OF
guard-ddl-an-event-insert-update-delete-truncate-e = 应为事件（INSERT、UPDATE、DELETE、TRUNCATE）
guard-ddl-on-table-expected-after-the-events = 事件后应为 ON 表名
guard-ddl-execute-function-expected = 应为 EXECUTE FUNCTION
guard-ddl-it-must-end-with-execute-function-f = 必须以 EXECUTE FUNCTION f(…) 结尾
guard-ddl-update-insert-alter-or-referencing-after = 表名后出现 UPDATE、INSERT、ALTER 或 REFERENCING
guard-not-created = { $table } 不是本次运行新建的：yearend 只改动自己新建的分区
guard-not-created-attach = { $table } 不是本次运行新建的：yearend 只挂接自己新建的分区
guard-wrong-shape = { $shape } 语句不能承载这项更改
verify-line = 核验：{ $shown }
verify-still-lacks = { $table } 仍缺 { $count } 个{ $period ->
    [day] 日
    [month] 月
    [quarter] 季度
   *[year] 年
}分区，自 { $from } 起
verify-unusable-indexes = { $table } 有处于 UNUSABLE 状态的索引：{ $indexes }（请重建；yearend 从不重建）
verify-wrong-tablespace = { $partition } 在表空间 { $actual }，应在 { $want }
verify-default-place = （默认位置）
verify-index-partition = 索引分区 { $index }.{ $partition }
verify-lob = { $partition } 的 LOB { $column }
verify-segment-misplaced = { $table }：{ $what } 在 { $actual }，应在 { $want }
verify-no-quota = 属主 { $owner } 在 { $tablespace } 上没有无限配额（1 月 1 日第一行数据就会报 ORA-01950）：请 DBA 执行 { $statement }
verify-carry-mismatch = { $partition } 没有带上模型（{ $model }）所带的：缺少 [{ $missing }]，多出 [{ $extra }]
quota-missing-reason = 属主 { $owner } 在 { $tablespaces } 上没有无限配额：ADD/SPLIT PARTITION 会成功，但 1 月 1 日第一行数据会报 ORA-01950——请 DBA 执行 { $statements }{ $later ->
    [yes] ，待本次运行的表空间步骤建好表空间后，再运行 `yearend run`（会接着做）
   *[no] ，然后再运行
}（yearend 从不授予配额）
gap-filler-statement = 补齐空缺（方案写 fill_gaps: true 才执行）：{ $sql };
clock-server-role = 偏差 { $offset } 秒，{ $role ->
    [chosen] 被选中
    [falseticker] 离群（不在一致的多数之内）
   *[undecided] 没有多数与之一致
}
clock-instances-unlisted = 无法列出打开的实例（GV$INSTANCE：{ $cause }）：RAC 上每个实例的时钟都必须读取
clock-instance-unreachable = 无法经监听器连到 { $host } 上的实例 { $instance }：{ $cause }
only-scope-line = --only { $tables }：只运行表空间和分区步骤，且只针对这些表；其余步骤不运行
db-lock-timeout = 等锁超时（服务器原话：{ $said }）
db-privilege = 缺少权限（服务器原话：{ $said }）
db-said = 服务器原话：{ $said }
ntp-unreachable = 无法连接：{ $why }
ntp-kiss = 服务器拒绝服务（Kiss-o'-Death { $code }）
ntp-unsynchronised = 服务器本身未同步：{ $why }
ntp-invalid = 应答无效：{ $why }
net-cannot-resolve = 无法解析 { $target } { $cause }
net-timeout = 超时未应答
ntp-short = 只有 { $bytes } 字节，NTP 应答至少 48 字节
ntp-mode = 模式为 { $mode }，服务器应答应为模式 4
ntp-not-ours = 应答与本机的请求对不上
ntp-stratum-zero = 层级为 0（未指定）却没有 Kiss 代码（参考标识 { $refid }）
ntp-leap-alarm = 闰秒指示为 3（告警）
ntp-stratum = 层级 { $stratum }
ntp-no-timestamp = 没有发送时间戳
host-http-only = 只能读取 http:// 主机（https 需要 TLS，本版不支持）
net-cannot-connect = 无法连接：{ $cause }
net-cannot-send = 无法发送请求：{ $cause }
net-no-answer = 没有应答：{ $cause }
host-no-date = 应答中没有 Date 头
host-bad-date = Date 头无法解读：`{ $date }`
host-no-ssh = 无法运行 ssh：{ $cause }
host-bad-date-output = `date` 的输出无法解读：`{ $text }`
host-db-clock = 无法读取数据库时钟：{ $cause }
clock-no-database = 没有数据库连接
clock-not-measured = 未测量
clock-zone-unreadable = 无法读取数据库时区：{ $cause }
host-ssh-failed = ssh 失败（ssh 原话：{ $said }）
clock-no-trusted-time = 没有可信的参考时间可供比对
clock-server-failed = { $server }：{ $why }
diff-head = 比较 { $a }（「{ $a_name }」）与 { $b }（「{ $b_name }」），均按解析后的样子
diff-mode = 模式：{ $from } → { $to }
diff-added = 新增步骤：{ $step }
diff-removed = 删除步骤：{ $step }
diff-order = 步骤顺序：{ $from } ⇒ { $to }
diff-key = { $step }：`{ $key }`：{ $from } → { $to }
diff-due = { $step }：到期日 { $from } → { $to }
diff-query = { $step }：查询文件内容 { $from } → { $to }
diff-absent = （未写）
diff-tally = { $changes ->
    [0] 两个方案相同
   *[other] 共 { $changes } 处不同
}；{ $same } 个步骤未变
plan-resolved-head = # { $path } 解析后的方案（extends 已展开，含时间表）
init-needs-url = init 需要 --url（要读取的数据库）或 --snapshot（要读取的快照）
init-exists = { $path } 已存在：yearend init 从不覆盖文件；请另选 --site-out
init-written = 已起草站点文件：{ $path }——请补全标有（请填写）的各行，然后运行 yearend validate --plan … --site { $path }
init-head-1 = # 由 yearend init 于 { $today } 读取数据库目录（只读）起草。
init-head-2 = # 请补全医院名称、编码、NTP 服务器和升级联系人；下面以 # 开头的说明行可保留或删除。
init-schema = { $schema }：{ $tables } 张分区表
init-zone = 数据库服务器时区：{ $zone }
init-ntp = 本院可达的 NTP 服务器，例如 ["10.0.0.1"]
init-escalation = 故障未及时响应时的升级联系人
init-tablespace = 本年度表空间 { $name }：{ $at }
init-partman = pg_partman 管理着 { $tables } 张表：它的维护任务也会建分区
init-tables-head = 年结会停下或列为需复核的表，以及让它继续的站点文件写法：
init-table = { $table }：{ $reason }
init-url-placeholder = 来自快照：请改成本院数据库的地址
init-code = 暂用数据库名：请改成本院编码（它也是状态目录名）
init-other-databases = 同一服务器上另有含分区表的库（不在本站点范围）：{ $names }
