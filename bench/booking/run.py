#!/usr/bin/env python3
"""Concurrent POST /api/bookings against one running bot (SQLite): N citizens at once for a day with CAPACITY slots.

Usage: python3 bench/booking/run.py   (build first: dotnet build bot -c Release)
Env: PORT (5097), CITIZENS (400), CAPACITY (100), WORKERS (32).
Starts the Release bot on a fresh data folder, publishes one reception day straight into SQLite, fires the bookings
from WORKERS threads, prints latency percentiles and checks that exactly CAPACITY were booked and the rest got 409.
"""
import concurrent.futures, json, os, shutil, sqlite3, subprocess, tempfile, time, urllib.request, urllib.error, datetime

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
port = int(os.environ.get("PORT", "5097"))
citizens = int(os.environ.get("CITIZENS", "400"))
capacity = int(os.environ.get("CAPACITY", "100"))
workers = int(os.environ.get("WORKERS", "32"))
base = f"http://127.0.0.1:{port}"

data = tempfile.mkdtemp(prefix="booking-bench-")
env = dict(os.environ, ConnectionStrings__Petitions=f"Data Source={data}/petitions.db", Knowledge__IndexPath=f"{data}/index",
           Petitions__StatusLookupsPerMinute="10000", PersonalData__Key="YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDAwMDA=")
bot = subprocess.Popen(["dotnet", os.path.join(root, "bot/bin/Release/net10.0/PetitionBot.Bot.dll"), "--urls", base],
                       cwd=data, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(1200):
        try:
            if urllib.request.urlopen(base + "/healthz", timeout=1).status == 200: break
        except Exception: time.sleep(0.1)
    db = sqlite3.connect(f"{data}/petitions.db")
    db.execute('INSERT INTO "ReceptionPlaces" ("Name","Active") VALUES (\'接待大厅\', 1)')
    day = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    db.execute('INSERT INTO "ReceptionDays" ("PlaceId","Date","Leader","Topics","Capacity","FreeSlots","Active") VALUES (1,?,?,?,?,?,1)',
               (day, "王建国 副区长", "征地拆迁", capacity, capacity))
    db.commit()
    day_id = db.execute('SELECT max("Id") FROM "ReceptionDays"').fetchone()[0]

    def book(i):
        body = json.dumps({"dayId": day_id, "name": "张三", "phone": f"139{i:08d}", "matter": "小区旁工地夜间施工扰民"}).encode()
        req = urllib.request.Request(base + "/api/bookings", body, {"Content-Type": "application/json"})
        t = time.perf_counter()
        try: status = urllib.request.urlopen(req, timeout=30).status
        except urllib.error.HTTPError as e: status = e.code
        return status, (time.perf_counter() - t) * 1000

    book(-1)  # warm-up: "139-0000001" is no phone number, so it is answered 400 and takes no slot
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(book, range(citizens)))
    wall = time.perf_counter() - start
    ms = sorted(r[1] for r in results)
    count = lambda s: sum(1 for r in results if r[0] == s)
    pct = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]
    print(f"{citizens} bookings from {workers} threads for {capacity} slots in {wall:.2f} s ({citizens / wall:.0f}/s): "
          f"201 × {count(201)}, 409 × {count(409)}, other × {citizens - count(201) - count(409)}; "
          f"p50 {pct(0.5):.1f} ms, p95 {pct(0.95):.1f} ms, p99 {pct(0.99):.1f} ms")
    free = db.execute('SELECT "FreeSlots" FROM "ReceptionDays" WHERE "Id"=?', (day_id,)).fetchone()[0]
    booked = db.execute('SELECT count(*) FROM "VisitBookings"').fetchone()[0]
    print(f"free slots left {free}, bookings stored {booked} (expected 0 and {capacity})")
finally:
    bot.terminate(); bot.wait()
    shutil.rmtree(data, ignore_errors=True)
