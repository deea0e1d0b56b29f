"""Chaos: `kill -9` real `gongbao add/remove/build` processes at random moments, and check
after every kill that nothing the user was told was added is lost.

    python benchmarks/chaos.py                 # 30 trials (CI runs this)
    python benchmarks/chaos.py --trials 100 --seed 7

Each trial starts one command on a small store (one made-up issue as its seed, so a trial
takes about a second), kills it with SIGKILL after a random delay (sometimes after it has
finished), then checks with fresh processes: the store opens (rebuilt if it must be), every
file whose `add` exited 0 is listed by `gongbao sources` and its issue is in `gongbao list`,
every file whose `remove` exited 0 is gone, and no temporary file is left once the next
writer has run. Exit status 1 and the failing trial on any violation; a table otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_gazettes import CENTRAL, HEADED, PROVINCIAL, write_issue  # noqa: E402


def issue_variants(directory: Path, n: int) -> dict[str, str]:
    """`n` distinct made-up issues (file name → issue name): HEADED under other numbers."""
    out = {"prov.txt": "四川省人民政府公报 2019年（期号不详）"}
    write_issue(directory, "prov.txt", PROVINCIAL)
    for i in range(n - 1):
        number = 14 + i
        full = "".join(chr(ord(c) + 0xFEE0) for c in f"{number:02d}")
        text = HEADED.replace("国务院公报２０２１１３", f"国务院公报２０２１{full}")
        name = f"issue{number}.txt"
        write_issue(directory, name, text)
        out[name] = f"国务院公报 2021年第{number}期"
    return out


def gongbao(env: dict[str, str], *argv: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "corpus.cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )


def check(
    env: dict[str, str], db: Path, added: set[str], removed: set[str], names: dict[str, str]
) -> str:
    """ "" if every invariant holds, else what broke."""
    p = gongbao(env, "list", "--json", "--db", str(db))
    out, err = p.communicate(timeout=300)
    if p.returncode != 0:
        return f"list failed ({p.returncode}): {err.decode(errors='replace').strip()}"
    issues = {row["issue"] for row in json.loads(out)}
    p = gongbao(env, "sources", "--json", "--db", str(db))
    out, err = p.communicate(timeout=300)
    if p.returncode != 0:
        return f"sources failed ({p.returncode}): {err.decode(errors='replace').strip()}"
    listed = {row["name"] for row in json.loads(out) if row["kind"] == "added"}
    p = gongbao(env, "list", "--db", str(db))
    text, _ = p.communicate(timeout=300)
    shown = text.decode()
    for name in added:
        if name not in listed:
            return f"{name} was added (exit 0) but `sources` does not list it"
        if names[name] not in shown:
            return f"{name} was added (exit 0) but its issue {names[name]} is not in the store"
    for name in removed:
        if name in listed:
            return f"{name} was removed (exit 0) but is still listed"
    if not issues:
        return "the store is empty"
    return ""


def run(trials: int, seed: int, work: Path, say: bool = True) -> dict[str, int]:
    rng = random.Random(seed)
    incoming = work / "in"
    names = issue_variants(incoming, 6)
    seeds = work / "seeds"
    write_issue(seeds, "central.txt", CENTRAL)
    db = work / "home" / "store.json"
    env = dict(os.environ, GONGBAO_HOME=str(work / "home"), GONGBAO_LOCK_TIMEOUT="120")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "corpus.cli", "build", "--seeds", str(seeds), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    # kill within 1.5 times what a command takes here, so some finish and most are cut
    window = 1.5 * (time.perf_counter() - t0)
    added: set[str] = set()  # confirmed by exit 0
    removed: set[str] = set()
    counts = {"trials": 0, "killed": 0, "finished": 0, "adds": 0, "removes": 0, "builds": 0}
    for trial in range(trials):
        op = rng.choice(["add", "add", "remove", "build"])
        if op == "remove" and not added:
            op = "add"
        if op == "add":
            name = rng.choice(sorted(names))
            argv = ["add", str(incoming / name)]
        elif op == "remove":
            name = rng.choice(sorted(added))
            argv = ["remove", name]
        else:
            name = ""
            argv = ["build", "--seeds", str(seeds)]
        counts[op + "s"] += 1
        p = gongbao(env, *argv, "--db", str(db))
        time.sleep(rng.uniform(0.0, window))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            counts["killed"] += 1
        p.communicate(timeout=300)
        if p.returncode == 0:
            counts["finished"] += 1
            if op == "add":
                added.add(name)
                removed.discard(name)
            elif op == "remove":
                added.discard(name)
                removed.add(name)
        elif op == "remove":
            added.discard(name)  # killed mid-remove: either outcome is allowed
        elif op == "add":
            removed.discard(name)  # killed mid-add: either outcome is allowed
        problem = check(env, db, added, removed, names)
        counts["trials"] += 1
        if say:
            print(
                f"trial {trial + 1:3d}: {' '.join(argv[:1])} {name or ''} "
                f"rc={p.returncode} {'FAIL: ' + problem if problem else 'ok'}",
                flush=True,
            )
        if problem:
            raise SystemExit(f"trial {trial + 1}: {problem}")
    # the next writer sweeps what killed writers left
    subprocess.run(
        [sys.executable, "-m", "corpus.cli", "build", "--seeds", str(seeds), "--db", str(db)],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    left = [p.name for p in db.parent.rglob("*.tmp") if not p.name.startswith(".state.json.")]
    if left:
        raise SystemExit(f"temporary files left after a clean build: {left}")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongbao-chaos-") as tmp:
        t0 = time.perf_counter()
        counts = run(args.trials, args.seed, Path(tmp), say=not args.quiet)
        took = time.perf_counter() - t0
    print(f"\nseed {args.seed}: {counts['trials']} trials in {took:.0f} s, nothing lost")
    print("| trials | killed | finished | add | remove | build |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {counts['trials']} | {counts['killed']} | {counts['finished']} | "
        f"{counts['adds']} | {counts['removes']} | {counts['builds']} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
