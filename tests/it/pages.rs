//! The HTML pages as a person sees them: the report of a real rollover and the fleet page,
//! rendered by headless Chromium (Debian's package) at a phone's 390 px, screenshotted, and
//! asserted on the DOM Chromium built — Chinese, local times, the per-table, per-bill-type and
//! run-history rows, the coverage picture with one cell per table-month, nothing wider than the
//! screen.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium headless with what this closed network needs (no background connections).
pub(crate) fn chromium(profile: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    assert!(
        Path::new(CHROMIUM).exists(),
        "headless Chromium is needed for the page tests: apt-get install chromium (scripts/test.sh does)"
    );
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts")
}

/// Chromium's headless window is at least 500 px wide, so the page is laid out in a 390 px frame
/// (media queries follow the frame's viewport); the frame posts its document's scroll width up.
fn framed(dir: &Path, page: &Path, height: u32) -> PathBuf {
    let stem = page.file_stem().unwrap().to_str().unwrap();
    let inner = dir.join(format!("{stem}-in-frame.html"));
    let html = std::fs::read_to_string(page).unwrap().replace(
        "</body>",
        "<script>window.addEventListener('load', () => parent.postMessage(String(document.documentElement.scrollWidth), '*'))</script></body>",
    );
    std::fs::write(&inner, html).unwrap();
    let outer = dir.join(format!("{stem}-390.html"));
    std::fs::write(
        &outer,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"{}\" style=\"width:390px;height:{height}px;border:0\"></iframe>\
             <script>window.addEventListener('message', e => document.body.setAttribute('data-scroll-width', e.data))</script></body></html>",
            inner.file_name().unwrap().to_str().unwrap()
        ),
    )
    .unwrap();
    outer
}

/// The page's DOM as Chromium built it, and its scroll width inside a 390 px viewport.
pub(crate) fn dom_at_390(dir: &Path, page: &Path) -> (String, u32) {
    let out = chromium(
        &dir.join("profile-dom"),
        &["--virtual-time-budget=3000", "--dump-dom"],
        page,
    );
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        dom.contains("<body"),
        "chromium gave no DOM: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = chromium(
        &dir.join("profile-width"),
        &["--virtual-time-budget=3000", "--dump-dom"],
        &framed(dir, page, 900),
    );
    let outer = String::from_utf8_lossy(&out.stdout).to_string();
    let width = outer
        .split("data-scroll-width=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("the framed page posted no width: {outer}"));
    (dom, width)
}

/// A PNG screenshot of the page in its 390 px frame; returns its width and height (IHDR).
pub(crate) fn screenshot(dir: &Path, page: &Path, name: &str) -> (PathBuf, u32, u32) {
    let png = dir.join(name);
    let out = chromium(
        &dir.join("profile-shot"),
        &[
            "--window-size=500,1600",
            "--virtual-time-budget=3000",
            &format!("--screenshot={}", png.display()),
        ],
        &framed(dir, page, 1600),
    );
    let bytes = std::fs::read(&png)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(&bytes[1..4], b"PNG");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (png, be(16), be(20))
}

/// The right edge (px) of the first element `selector` matches, the page laid out in a 390 px frame.
fn right_edge_at_390(dir: &Path, page: &Path, selector: &str) -> u32 {
    let expr = format!(
        "(function () {{ var e = document.querySelector(\"{selector}\"); return e ? Math.ceil(e.getBoundingClientRect().right) : 0; }})()"
    );
    probe(dir, page, 390, &expr)
}

/// A number the page computes (`expr`, JavaScript), laid out in a frame `width` px wide.
fn probe(dir: &Path, page: &Path, width: u32, expr: &str) -> u32 {
    let probe = dir.join("probe.html");
    let html = std::fs::read_to_string(page).unwrap().replace(
        "</body>",
        &format!(
            "<script>window.addEventListener('load', () => {{ parent.postMessage(String({expr}), '*'); }})</script></body>"
        ),
    );
    std::fs::write(&probe, html).unwrap();
    let outer = dir.join("probe-frame.html");
    std::fs::write(
        &outer,
        format!("<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"probe.html\" style=\"width:{width}px;height:900px;border:0\"></iframe>\
         <script>window.addEventListener('message', e => document.body.setAttribute('data-right', e.data))</script></body></html>"),
    )
    .unwrap();
    let out = chromium(
        &dir.join("profile-probe"),
        &["--virtual-time-budget=3000", "--dump-dom"],
        &outer,
    );
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    dom.split("data-right=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("no probe answer: {dom}"))
}

/// The report printed to PDF by Chromium: every section readable, nothing cut at the right edge
/// (the hashes whole), and the signature block on a page of its own.
fn paper(dir: &Path, report: &Path) {
    let pdf = dir.join("report.pdf");
    let out = chromium(
        &dir.join("profile-pdf"),
        &[
            "--virtual-time-budget=3000",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        report,
    );
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages: usize = String::from_utf8_lossy(
        &Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .expect("pdfinfo (poppler-utils; scripts/test.sh installs it)")
            .stdout,
    )
    .lines()
    .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
    .unwrap();
    assert!(pages >= 4, "{pages} pages: a page per section");
    let page_text = |n: usize| {
        let o = Command::new("pdftotext")
            .args(["-layout", "-f", &n.to_string(), "-l", &n.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).to_string()
    };
    let last = page_text(pages);
    assert!(
        last.contains("签字") && last.contains("审核人") && !last.contains("执行语句"),
        "the signature block has its own page: {last}"
    );
    let all: String = (1..=pages).map(page_text).collect::<Vec<_>>().join("\n");
    let flat: String = all.split_whitespace().collect();
    let html = std::fs::read_to_string(report).unwrap();
    let head = html
        .split("日志末尾哈希（贴入工单）</th><td colspan=\"3\"><code>")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap()
        .to_string();
    assert!(flat.contains(&head), "the head hash is printed whole");
    if let Ok(keep) = std::env::var("YEAREND_KEEP_SCREENSHOTS") {
        std::fs::copy(&pdf, Path::new(&keep).join("report.pdf")).unwrap();
    }
}

#[test]
fn the_report_and_the_fleet_page_read_right_in_chromium_at_390_px() {
    let _tablespaces = creating_tablespaces();
    // Tablespaces are the cluster's: names of this test's own, beside the demo test's einv_data_*.
    let (_, dir, site) = pg_demo_hospital("pages", "pages_data");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(
        &site,
        format!("{text}escalation: {{name: 王主任, phone: \"0755-8888 6666\"}}\n"),
    )
    .unwrap();
    let plan = write(
        &dir,
        "plan.yaml",
        &format!(
            "extends: {}\nsteps:\n  - id: tablespaces\n    kind: tablespaces\n    title: 次年度表空间创建（与本年度同路径）\n    owner: 一线工程师\n    names: [\"pages_data_{{year}}\"]\n  - id: partitions\n    kind: partitions\n    title: 业务表分区创建至次年12月\n    owner: 一线工程师\n    tablespace: \"pages_data_{{year}}\"\n",
            repo().join("plans/example-old-year-usable.yaml").display()
        ),
    );
    let received = dir.join("received");
    let state = received.join("T001").join("2027");
    let confirm = [
        "--yes",
        "--operator",
        "张工",
        "--confirm",
        "bill-carry-over",
        "--confirm",
        "recycled-bill-preissue",
    ];
    let run = rollover("run", &plan, &site, &state, &confirm);
    assert_eq!(run.code, 0, "{}", run.all());
    let report = dir.join("report.html");
    let r = on_state_in_chinese(
        "report",
        &site,
        &state,
        &[
            "--format",
            "html",
            "--reviewer",
            "李审核",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.all());

    let (dom, width) = dom_at_390(&dir, &report);
    assert!(width <= 390, "the report is {width} px wide at 390 px");
    for want in [
        "2026 年度年结（开启 2027 年）",
        "运行记录（共 1 次）",
        "张工",
        "李审核",
        "各表分区",
        "einvoice.bill_invoice",
        "202701 … 202712（12 个）",
        "各票据种类库存",
        "次年度表空间",
        "pages_data_2027",
        "新建",
        "各票据种类模板",
        "old_year_bills_usable（往年票可用）",
        "已同步（",
        "今天",
        "2026-12-20",
        "各主机时间",
        "分区覆盖图",
        "本次新增",
        "王主任 0755-8888 6666",
        "严重故障 10 分钟内响应",
        "+08:00",
    ] {
        assert!(dom.contains(want), "{want} not in the report's DOM");
    }
    // One cell per table-month: every table with a readable month grid, 24 months each.
    let grid_rows = dom.matches("<rect class=\"cell\"").count();
    assert!(grid_rows > 0 && grid_rows % 24 == 0, "{grid_rows} cells");
    let extended = dom.matches("data-state=\"A\"").count();
    assert!(extended >= 3 * 12, "{extended} added cells");
    for english in [
        "passed",
        "executed",
        "Planned",
        "tables in scope",
        "cannot",
        "not run",
        "Failed",
    ] {
        let body = dom.split("<body").nth(1).unwrap_or_default();
        let visible: String = body
            .split('<')
            .filter_map(|part| part.split_once('>').map(|(_, text)| text))
            .collect();
        assert!(
            !visible.contains(english),
            "English `{english}` in the report's text"
        );
    }
    // The per-table list sorts by a column when its heading is clicked (Chromium runs the page's
    // own script; the probe clicks 表 twice: descending, the last table name first).
    let sorted = dir.join("report-sorted.html");
    std::fs::write(
        &sorted,
        std::fs::read_to_string(&report).unwrap().replace(
            "</body>",
            "<script>var th = document.querySelector('table.sortable th'); th.click(); th.click();\
             var rows = document.querySelectorAll('table.sortable tr');\
             document.body.setAttribute('data-first', rows[1].children[0].textContent);\
             document.body.setAttribute('data-last', rows[rows.length - 1].children[0].textContent);</script></body>",
        ),
    )
    .unwrap();
    let out = chromium(
        &dir.join("profile-sort"),
        &["--virtual-time-budget=3000", "--dump-dom"],
        &sorted,
    );
    let sorted_dom = String::from_utf8_lossy(&out.stdout);
    let attr = |name: &str| {
        sorted_dom
            .split(&format!("{name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    let (first, last) = (attr("data-first"), attr("data-last"));
    assert!(
        !first.is_empty() && first > last,
        "sorted descending by table: first {first}, last {last}"
    );
    // At 390 px the steps stack: each step's 状态 is on the screen, not behind a sideways scroll.
    let right = right_edge_at_390(&dir, &report, "#steps td[data-label='状态']");
    assert!(right > 0 && right <= 390, "状态 ends at {right} px");
    let hash_right = right_edge_at_390(&dir, &report, "#signature code");
    assert!(hash_right <= 390, "the hash ends at {hash_right} px");
    assert!(dom.contains("id=\"banner\""), "a status banner first");
    paper(&dir, &report);
    let (png, w, h) = screenshot(&dir, &report, "report-390.png");
    assert!(w >= 390 && h >= 1600, "{w}×{h}: {}", png.display());
    assert!(std::fs::metadata(&png).unwrap().len() > 20_000);

    let fleet = dir.join("fleet.html");
    let f = Yearend::new()
        .default_language()
        .args(&[
            "fleet",
            received.to_str().unwrap(),
            "--year",
            "2027",
            "--html",
            fleet.to_str().unwrap(),
        ])
        .run();
    assert!(f.code <= 1, "{}", f.all());
    let (dom, width) = dom_at_390(&dir, &fleet);
    assert!(width <= 390, "the fleet page is {width} px wide at 390 px");
    assert!(
        dom.contains("id=\"counts\"") && dom.contains("证据无法读取"),
        "count tiles first"
    );
    // No state word wraps, on a phone or a desktop: each is one line box.
    let wrapped = "Array.prototype.filter.call(document.querySelectorAll('.state, .tile span'), function (e) { return e.getClientRects().length > 1 || e.getBoundingClientRect().height > 40; }).length";
    for w in [390, 1280] {
        assert_eq!(
            probe(&dir, &fleet, w, wrapped),
            0,
            "a state word wraps at {w} px"
        );
    }
    assert!(dom.contains("T001"), "the fleet page lists the hospital");
    assert!(dom.contains("测试市第一人民医院"));
    let (_, w, _) = screenshot(&dir, &fleet, "fleet-390.png");
    assert!(w >= 390);
    if let Ok(keep) = std::env::var("YEAREND_KEEP_SCREENSHOTS") {
        for name in ["report-390.png", "fleet-390.png"] {
            std::fs::copy(dir.join(name), Path::new(&keep).join(name)).unwrap();
        }
    }
}
