#!/usr/bin/env python3
"""Whole-process benchmarks of policy-lint against the tools users would otherwise run.

Runs hyperfine on the same inputs, in the same run, and writes a table of medians and ratios to
bench/RESULTS.md (and stdout). Inputs come from ../shared/bench/gen_inputs.py (written to
bench/inputs, kept out of git) plus pairs derived here: a fully rewritten pair, an all-one-line
pair and a many-tiny-sections pair, and every consecutive version pair of ../shared/corpus.

Usage: python3 bench/run.py [--quick] [--textlint PATH]
       (needs hyperfine, git, ripgrep; builds --release, and on x86-64 Linux with glibc also
       `cargo release-static`, which it then measures; textlint with textlint-rule-no-todo,
       from the npm registry, is measured on the corpus where --textlint names its binary)
"""
import argparse
import atexit
import json
import os
import platform
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
INPUTS = ROOT / "bench" / "inputs"
DEFAULT_BIN = ROOT / "target" / "release" / "policy-lint"
STATIC_BIN = ROOT / "target" / "x86_64-unknown-linux-gnu" / "release" / "policy-lint"


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=True, check=True, **kw)


def ensure_inputs():
    if not (INPUTS / "pair6m" / "new.md").exists():
        sh(f"python3 {SHARED}/bench/gen_inputs.py --out {INPUTS}", stdout=subprocess.DEVNULL)
    derived = INPUTS / "derived"
    if (derived / "done").exists():
        return
    derived.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    old = (INPUTS / "pair6m" / "old.md").read_text()
    # Fully rewritten: every word of every line replaced, structure kept.
    words = old.split()
    vocab = sorted(set(words))
    table = {w: vocab[rng.randrange(len(vocab))] for w in vocab}
    rewritten = "\n".join(
        " ".join(table[w] for w in line.split()) if not line.startswith("#") else line
        for line in old.splitlines()
    )
    (derived / "rewritten-old.md").write_text(old)
    (derived / "rewritten-new.md").write_text(rewritten)
    # All on one line (plain text): no structure to lean on.
    new = (INPUTS / "pair6m" / "new.md").read_text()
    (derived / "oneline-old.txt").write_text(" ".join(old.split()))
    (derived / "oneline-new.txt").write_text(" ".join(new.split()))
    # Many tiny sections.
    secs = [f"## Section {i}\n\nWe keep record {i} for {i % 90 + 1} days.\n" for i in range(20000)]
    (derived / "tiny-old.md").write_text("\n".join(secs))
    secs[5000] = secs[5000].replace("keep", "retain")
    secs[15000] = secs[15000].replace("days", "months")
    (derived / "tiny-new.md").write_text("\n".join(secs))
    # Scaling inputs: 1, 10, 100 MB of corpus files.
    files = sorted((INPUTS / "corpus").glob("*.md"))
    for mb in (1, 10, 100):
        d = derived / f"scale{mb}"
        d.mkdir(exist_ok=True)
        total, i = 0, 0
        while total < mb * 1_000_000:
            src = files[i % len(files)]
            dst = d / f"{i:05d}.md"
            shutil.copyfile(src, dst)
            total += dst.stat().st_size
            i += 1
    (derived / "done").write_text("ok")


def corpus_pairs():
    pairs = []
    for d in sorted((SHARED / "corpus").iterdir()):
        if d.is_dir():
            versions = sorted(d.glob("*.md"))
            pairs += list(zip(versions, versions[1:]))
    return pairs


# Runs of a case are split into this many rounds, each command's turn first in every other
# one: on a shared machine timings drift by tens of percent within minutes, and a command
# measured all at once after another could meet a different machine.
ROUNDS = 5


def hyperfine(name, commands, runs, warmup=2):
    """Runs hyperfine on {label: command}, `runs` times each in all, in rounds that alternate
    the order of the commands; returns {label: median s over every run}."""
    times = {label: [] for label in commands}
    rounds = max(1, min(ROUNDS, runs))
    shell = "" if all(" | " not in c and "for " not in c for c in commands.values()) else "shell"
    for k in range(rounds):
        order = list(commands.items())
        if k % 2:
            order.reverse()
        per_round = runs // rounds + (1 if k < runs % rounds else 0)
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
            out = f.name
        args = ["hyperfine", "-N" if not shell else "",
                "--warmup", str(warmup if k == 0 else min(warmup, 1)), "--runs", str(per_round),
                "-i", "--export-json", out, "--style", "none"]
        args = [a for a in args if a]
        for label, cmd in order:
            args += ["-n", label, cmd]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        data = json.load(open(out))
        os.unlink(out)
        for r in data["results"]:
            times[r["command"]] += r["times"]
    result = {label: statistics.median(t) for label, t in times.items()}
    print(f"  {name}: " + ", ".join(f"{k} {v*1000:.1f} ms" for k, v in result.items()), file=sys.stderr)
    return result


# A lone run (a pre-commit hook, a CI job) comes after the machine has been idle. On a virtual
# machine whose host takes back the memory a guest frees (free page reporting, after about two
# seconds), such a run pays for memory that back-to-back runs reuse: hyperfine never sees it.
IDLE_S = 3


def lone_runs(name, commands, rounds):
    """Runs each of {label: command} once a round after IDLE_S idle seconds, the order
    alternating between rounds; returns {label: median s}."""
    times = {label: [] for label in commands}
    for k in range(rounds):
        order = list(commands.items())
        if k % 2:
            order.reverse()
        for label, cmd in order:
            time.sleep(IDLE_S)
            # No shell: its start-up would be a millisecond of the seed check's few.
            start = time.perf_counter()
            run = subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[label].append(time.perf_counter() - start)
            if run.returncode not in (0, 1):
                sys.exit(f"{cmd}: exit code {run.returncode}")
    result = {label: statistics.median(t) for label, t in times.items()}
    print(f"  {name} (lone): " + ", ".join(f"{k} {v*1000:.1f} ms" for k, v in result.items()), file=sys.stderr)
    return result


def peak_rss_kb(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "sh", "-c", cmd + " >/dev/null"],
                       stderr=subprocess.PIPE, text=True)
    return int(r.stderr.strip().splitlines()[-1])


def build():
    """Builds the release binary (`cargo build --release`) and, on x86-64 Linux with glibc, the
    statically linked one (`cargo release-static`, .cargo/config.toml). Returns the binary to
    measure, what it is, and the default build if that is another."""
    sh("cargo build --release --quiet", cwd=ROOT)
    if platform.system() == "Linux" and platform.machine() == "x86_64" and platform.libc_ver()[0] == "glibc":
        # RUSTFLAGS would replace the alias's flags (and link dynamically).
        env = {k: v for k, v in os.environ.items() if k not in ("RUSTFLAGS", "CARGO_ENCODED_RUSTFLAGS")}
        built = subprocess.run("cargo release-static --quiet", shell=True, cwd=ROOT, env=env)
        linked = subprocess.run(["ldd", str(STATIC_BIN)], capture_output=True, text=True)
        if built.returncode == 0 and "not a dynamic executable" in linked.stdout + linked.stderr:
            return STATIC_BIN, "the statically linked release build (`cargo release-static`)", DEFAULT_BIN
        print("no statically linked build: measuring the default build", file=sys.stderr)
    return DEFAULT_BIN, "the release build (`cargo build --release`)", None


def installed(binary, built, default):
    """Copies the binaries to measure into a temporary directory, as `cargo install` copies one
    into place, and returns the copies: a binary the linker has just written starts slower than
    the same bytes copied (more page faults at start: 403 against 369 on the 60 KB pair, 5.9
    against 4.7 ms), which is no user's binary."""
    into = Path(tempfile.mkdtemp(prefix="policy-lint-bench-"))
    atexit.register(shutil.rmtree, into, ignore_errors=True)

    def copy(path, name):
        target = into / name
        shutil.copy2(path, target)
        return target

    return (copy(binary, "policy-lint"), built + ", copied as `cargo install` copies it",
            default and copy(default, "policy-lint-default"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    ap.add_argument("--textlint", help="textlint binary (npm install textlint textlint-rule-no-todo)")
    a = ap.parse_args()
    runs = 3 if a.quick else 10
    binary, built, default = installed(*build())
    ensure_inputs()
    d = INPUTS / "derived"
    pl = f"{binary} --color never"
    rows = []

    def pair_row(label, old, new, size):
        r = hyperfine(label, {
            "policy-lint diff": f"{pl} diff {old} {new}",
            "git diff --word-diff": f"git diff --no-index --word-diff=plain {old} {new}",
        }, runs)
        rows.append((label, size, r["policy-lint diff"], r["git diff --word-diff"], "git diff --no-index --word-diff"))

    seed = ROOT / "examples" / "privacy-notice.txt"
    # With the static build, the default build (what `cargo build --release` and `cargo install`
    # give) is measured beside it, in the same rounds, for reference.
    seed_cmds = {
        "policy-lint check": f"{pl} check {seed}",
        "git diff --no-index": f"git diff --no-index {seed} {seed}",
    }
    if default:
        seed_cmds["default build"] = f"{default} --color never check {seed}"
    r = hyperfine("seed check", seed_cmds, runs * 3, warmup=5)
    rows.append(("check, seed notice", "3 KB", r["policy-lint check"], r["git diff --no-index"], "git diff --no-index (same file)"))
    if default:
        rows.append(("check, seed notice (default build)", "3 KB", r["default build"], r["git diff --no-index"], "git diff --no-index (same file)"))

    for name, size in (("pair60k", "60 KB"), ("pair600k", "600 KB"), ("pair6m", "6 MB")):
        pair_row(f"diff, {name}", INPUTS / name / "old.md", INPUTS / name / "new.md", size)
    pair_row("diff, 6 MB fully rewritten", d / "rewritten-old.md", d / "rewritten-new.md", "6 MB")
    pair_row("diff, 6 MB on one line", d / "oneline-old.txt", d / "oneline-new.txt", "6 MB")
    pair_row("diff, 20,000 tiny sections", d / "tiny-old.md", d / "tiny-new.md", "1 MB")

    lone = []
    lone_rounds = 3 if a.quick else 5
    r = lone_runs("seed check", {"ours": f"{pl} check {seed}", "peer": f"git diff --no-index {seed} {seed}"},
                  lone_rounds)
    lone.append(("check, seed notice", "3 KB", r["ours"], r["peer"], "git diff --no-index (same file)"))
    for label, old, new, size in (
        ("diff, pair600k", INPUTS / "pair600k" / "old.md", INPUTS / "pair600k" / "new.md", "600 KB"),
        ("diff, pair6m", INPUTS / "pair6m" / "old.md", INPUTS / "pair6m" / "new.md", "6 MB"),
        ("diff, 6 MB fully rewritten", d / "rewritten-old.md", d / "rewritten-new.md", "6 MB"),
    ):
        r = lone_runs(label, {
            "ours": f"{pl} diff {old} {new}",
            "peer": f"git diff --no-index --word-diff=plain {old} {new}",
        }, lone_rounds)
        lone.append((label, size, r["ours"], r["peer"], "git diff --no-index --word-diff"))

    pairs = corpus_pairs()
    lst = d / "corpus-pairs.txt"
    lst.write_text("".join(f"{o} {n}\n" for o, n in pairs))
    pair_cmds = {
        "policy-lint diff": f"sh -c 'while read o n; do {pl} diff $o $n >/dev/null; done < {lst}'",
        "git diff --word-diff": f"sh -c 'while read o n; do git diff --no-index --word-diff=plain $o $n >/dev/null; done < {lst}'",
    }
    if default:
        pair_cmds["default build"] = f"sh -c 'while read o n; do {default} --color never diff $o $n >/dev/null; done < {lst}'"
    r = hyperfine("corpus pairs", pair_cmds, max(3, runs // 3), warmup=1)
    rows.append((f"diff, {len(pairs)} corpus version pairs", "16 MB", r["policy-lint diff"], r["git diff --word-diff"], "git diff --no-index --word-diff"))
    if default:
        rows.append((f"diff, {len(pairs)} corpus version pairs (default build)", "16 MB", r["default build"], r["git diff --word-diff"], "git diff --no-index --word-diff"))

    patterns = d / "rule-patterns.txt"
    sh(f"{pl} rules --format json > {d}/rules.json", cwd=ROOT)
    # Each lexicon's whole regex (flags included), one a line: ripgrep runs them all.
    pats = [lex["regex"] for lex in json.load(open(d / "rules.json"))["lexicons"]]
    patterns.write_text("\n".join(pats) + "\n")
    corpus = INPUTS / "corpus"
    r = hyperfine("batch check", {
        "policy-lint check": f"{pl} check --rules-only --format json-lines {corpus}",
        "ripgrep, same regexes": f"rg -c -f {patterns} {corpus}",
    }, max(3, runs // 3), warmup=1)
    rows.append(("check, 2,000-file corpus", "61 MB", r["policy-lint check"], r["ripgrep, same regexes"], "rg -c -f <rule regexes>"))
    if a.textlint:
        # One run of textlint: it takes a minute over the corpus. policy-lint is measured right
        # before it with a warm-up and five runs: a lone run of it had drifted by half.
        ours = hyperfine("textlint's policy-lint", {
            "policy-lint check": f"{pl} check --rules-only --format json-lines {corpus}",
        }, 5, warmup=1)
        theirs = hyperfine("textlint", {
            "textlint": f"{a.textlint} --rule no-todo {corpus}",
        }, 1, warmup=0)
        rows.append(("check, 2,000-file corpus", "61 MB", ours["policy-lint check"], theirs["textlint"], "textlint --rule no-todo"))

    scale = []
    for mb in (1, 10, 100):
        r = hyperfine(f"scale {mb}", {"check": f"{pl} check --rules-only --format json-lines {d}/scale{mb}"}, 3, warmup=1)
        scale.append((mb, r["check"]))

    rss = peak_rss_kb(f"{pl} diff {d}/rewritten-old.md {d}/rewritten-new.md")
    in_kb = (d / "rewritten-old.md").stat().st_size // 1024 + (d / "rewritten-new.md").stat().st_size // 1024

    lines = [
        "# Benchmark results",
        "",
        f"Machine: {os.cpu_count()} cores. Command: `python3 bench/run.py`. Medians of hyperfine runs, "
        "policy-lint and its peer measured in the same run on the same inputs, in up to "
        f"{ROUNDS} rounds that alternate which goes first. Ratio = policy-lint / peer (below 1 is faster). "
        f"policy-lint is {built}" + (", and the default build where the case says so." if default else "."),
        "",
        "| case | input | policy-lint | peer | ratio | peer command |",
        "|---|---|---|---|---|---|",
    ]
    for label, size, ours, peer, peer_name in rows:
        lines.append(f"| {label} | {size} | {ours*1000:.1f} ms | {peer*1000:.1f} ms | {ours/peer:.2f} | `{peer_name}` |")
    lines += ["", f"Lone runs, each after {IDLE_S} s idle (what a pre-commit hook or a CI job meets), "
              f"medians of {lone_rounds} rounds alternating which goes first:", "",
              "| case | input | policy-lint | peer | ratio | peer command |",
              "|---|---|---|---|---|---|"]
    for label, size, ours, peer, peer_name in lone:
        lines.append(f"| {label} | {size} | {ours*1000:.1f} ms | {peer*1000:.1f} ms | {ours/peer:.2f} | `{peer_name}` |")
    lines += ["", "Scaling of `policy-lint check --rules-only --format json-lines` over copies of the generated corpus:", "",
              "| input | median | per MB |", "|---|---|---|"]
    for mb, t in scale:
        lines.append(f"| {mb} MB | {t*1000:.0f} ms | {t*1000/mb:.1f} ms |")
    lines += ["", f"Peak memory, 6 MB fully rewritten pair: {rss/1024:.0f} MB for {in_kb/1024:.0f} MB of input "
              f"({rss/in_kb:.1f}x).", ""]
    text = "\n".join(lines)
    # The hand-written reading of the figures ("## Notes" to the end) is kept across runs.
    results = ROOT / "bench" / "RESULTS.md"
    old = results.read_text() if results.exists() else ""
    if "\n## Notes" in old:
        text += old[old.index("\n## Notes"):]
    results.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
