"""Secondary sales register XLSX: N lines (default 1,000,000) through the export wizard vs bare xlsxwriter.

Creates its own database (the four addons, no demo data), inserts the lines by SQL
(bench/secondary_lines.py), then, as a Distribution Manager (record rules apply), runs the export
wizard (`dms.secondary.sales.register.wizard`: one query through a server-side cursor, fetched
20,000 rows at a time, streamed into the workbook by engine/xlsx_stream.py). Then the first
--bare-lines (100,000) of the same rows, read the same way, written with bare xlsxwriter in
constant_memory mode (write_string / write_number per cell, as a plain export would), compared
per line. Times each and the peak resident memory of the process during each (VmHWM, reset
before each run). Goal: wizard < 90 s and < 400 MB peak RSS.
"""
import argparse
import io
import os
import tempfile
import time
import zipfile

from bench import common
from bench import secondary_lines as data

GOAL = {"max_seconds": 90.0, "max_peak_rss_mb": 400.0}


def run(db, lines, skip_bare=False, bare_lines=100000):
    import xlsxwriter

    with common.odoo_env(db) as root_env:
        network, insert_s = data.insert_lines(root_env, lines)
        manager = root_env["res.users"].create({
            "name": "Bench Manager", "login": "bench_manager",
            "groups_id": [(6, 0, root_env.ref("dms_sales.group_dms_manager").ids)]})
        env = root_env(user=manager.id)
        wizard = env["dms.secondary.sales.register.wizard"].create({
            "date_from": "2000-01-01", "date_to": "2099-12-31",
            "distributor_ids": [(6, 0, network["distributors"].ids)]})
        expected = wizard.line_count
        assert expected == lines, (expected, lines)
        rows = []

        env.invalidate_all()
        data.peak_rss_reset()
        rss_before = data.rss_mb()
        start = time.perf_counter()
        wizard.with_context(dms_job_inline=True).action_export()  # the export itself, not its queuing
        wizard_s = time.perf_counter() - start
        wizard_peak = data.rss_mb("VmHWM")
        content = wizard.attachment_id.raw
        size_mb = len(content) / 1024 / 1024
        assert wizard.exported_count == lines
        # check the file: a zip holding both sheets, the header first, the last line and the totals last
        # (openpyxl would parse the whole sheet to find its size; the tests read small files back)
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
            head = sheet.read(4096).decode()
            assert "Date" in head and '<pane ySplit="1"' in head, head[:300]
            assert "xl/worksheets/sheet2.xml" in archive.namelist()
        del content
        rows.append({"path": "export wizard (streamed)", "lines": lines, "seconds": wizard_s,
                     "lines_per_s": lines / wizard_s, "rss_before_mb": rss_before, "peak_rss_mb": wizard_peak,
                     "file_mb": size_mb})

        if not skip_bare:
            report = env["report.dms_reports.secondary_sales_register_xlsx"]
            # the first `bare_lines` lines of the same register (xlsxwriter is slow: a million lines
            # would take many minutes); compared by lines per second
            Report = env["dms.report.secondary.sales"]
            last = Report.search(wizard._domain(), order="id", offset=min(bare_lines, lines) - 1, limit=1)
            domain = [*wizard._domain(), ("id", "<=", last.id)]
            env.invalidate_all()
            data.peak_rss_reset()
            rss_before = data.rss_mb()
            start = time.perf_counter()
            fd, path = tempfile.mkstemp(suffix=".xlsx")
            os.close(fd)
            try:
                workbook = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                                      "strings_to_urls": False})
                sheet = workbook.add_worksheet("Lines")
                sheet.write_row(0, 0, report._headers())
                number = workbook.add_format({"num_format": "#,##0.00"})
                date = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
                write_string, write_number = sheet.write_string, sheet.write_number
                row = 0
                for chunk in report._register_rows(domain):
                    for values in chunk:
                        row += 1
                        write_number(row, 0, values[0], date)
                        for col in range(1, 13):
                            if values[col]:
                                write_string(row, col, values[col])
                        for col in range(13, 19):
                            write_number(row, col, values[col], number)
                workbook.close()
                bare_size = os.path.getsize(path) / 1024 / 1024
            finally:
                os.unlink(path)
            bare_s = time.perf_counter() - start
            rows.append({"path": "bare xlsxwriter (constant_memory)", "lines": row, "seconds": bare_s,
                         "lines_per_s": row / bare_s, "rss_before_mb": rss_before,
                         "peak_rss_mb": data.rss_mb("VmHWM"), "file_mb": bare_size})
            for r in rows:
                r["ratio_to_bare"] = (rows[1]["lines_per_s"] / r["lines_per_s"])
    return rows, insert_s


def main(argv):
    parser = argparse.ArgumentParser(prog="bench/run register_xlsx")
    parser.add_argument("--lines", type=int, default=1000000)
    parser.add_argument("--skip-bare", action="store_true", help="skip the bare xlsxwriter run")
    parser.add_argument("--bare-lines", type=int, default=100000,
                        help="lines written by bare xlsxwriter (default 100,000: about a minute or two)")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results/register_xlsx.json")
    parser.add_argument("--db", help="an existing database with the addons installed (the run is rolled back); "
                                     "writes no result unless --write")
    parser.add_argument("--write", action="store_true", help="with --db: write the result file all the same")
    args = parser.parse_args(argv)
    install_s = None
    if args.db:
        args.no_write = not args.write
        rows, insert_s = run(args.db, args.lines, args.skip_bare, args.bare_lines)
    else:
        db = common.temp_db_name("dms_bench_register")
        try:
            install_s = common.timed_odoo(db, "-i", ",".join(common.dmsenv.ADDONS), "--without-demo=all")
            rows, insert_s = run(db, args.lines, args.skip_bare, args.bare_lines)
        finally:
            common.dmsenv.drop_db(db)
    common.print_table(
        "secondary sales register, %d lines (data inserted by SQL in %.0fs; ratio = time per line / bare "
        "xlsxwriter's)" % (args.lines, insert_s),
        ["path", "lines", "seconds", "lines_per_s", "rss_before_mb", "peak_rss_mb", "file_mb", "ratio_to_bare"], rows)
    wizard = rows[0]
    reached = wizard["seconds"] < GOAL["max_seconds"] and wizard["peak_rss_mb"] < GOAL["max_peak_rss_mb"]
    print("\ngoal (< %.0f s and < %.0f MB peak RSS): %s" % (
        GOAL["max_seconds"], GOAL["max_peak_rss_mb"], "reached" if reached else "NOT reached"))
    if not args.no_write:
        common.write_result("register_xlsx", rows, lines=args.lines, insert_seconds=insert_s,
                            install_seconds=install_s, load_average=os.getloadavg(), goal=GOAL,
                            goal_reached=reached)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
