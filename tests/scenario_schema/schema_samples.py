#!/usr/bin/env python3
"""Small scenario files the schema must accept or refuse, as the loader does.

Usage: schema_samples.py SCHEMA

Guards the schema against drifting from harness/scenario/loader_*.cpp in either direction: a
schema that accepted everything would let validate_scenarios.py pass without checking anything.
Exits 1 on any sample judged otherwise than the loader judges it.
"""

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import validate_scenarios  # noqa: E402 (exits 1 itself when a module is missing)

CASE = """\
section: "5.5"
{top}cases:
  - id: rfc6455/5.5.2/{id}
    title: A sample
    level: MUST
    requirement: A rule.
{case}"""

STEPS = """\
    steps:
      - send: {opcode: ping, payload: "x"}
"""

EXPECT = """\
    expect:
      close: any
"""


def sample(case=STEPS + EXPECT, top="", id="sample"):
    return CASE.replace("{top}", top).replace("{id}", id).replace("{case}", case)


# (name, file text, whether the loader accepts it)
SAMPLES = [
    ("a minimal case", sample(), True),
    ("an unknown case key", sample(STEPS + EXPECT + "    extra: 1\n"), False),
    ("expect fails with codes",
     sample(STEPS + "    expect:\n      fails: {codes: [1002]}\n"), True),
    ("fails with no codes", sample(STEPS + "    expect:\n      fails: {codes: []}\n"), False),
    ("fails without codes", sample(STEPS + "    expect:\n      fails: {}\n"), False),
    ("fails beside close",
     sample(STEPS + "    expect:\n      fails: {codes: [1002]}\n      close: any\n"), False),
    ("fails in an alternative",
     sample(STEPS + EXPECT + "    alternatives:\n      - grade: non-strict\n        why: w\n"
            "        fails: {codes: [1007]}\n"), True),
    ("fails in a peer's expect",
     sample(STEPS + EXPECT + "    peers:\n      - name: p\n        steps:\n"
            "          - send: {opcode: ping}\n        expect:\n"
            "          fails: {codes: [1002]}\n"), False),
    ("probe_unanswered", sample(STEPS + "    expect:\n      probe_unanswered: true\n"), True),
    ("latest_pong_suffices with pongs",
     sample(STEPS + "    expect:\n      pongs: [x]\n      latest_pong_suffices: true\n"), True),
    ("latest_pong_suffices without pongs",
     sample(STEPS + "    expect:\n      latest_pong_suffices: true\n"), False),
    ("close: all", sample(STEPS + "    expect:\n      close: all\n"), False),
    ("close before_harness_close",
     sample(STEPS + "    expect:\n      close: {codes: [1002], before_harness_close: true}\n"),
     True),
    ("close before_cleanup", sample(STEPS + "    expect:\n      close: {before_cleanup: true}\n"),
     False),
    ("probe on send", sample("    steps:\n      - send: {opcode: text, probe: true}\n" + EXPECT),
     True),
    ("probe on send_raw", sample("    steps:\n      - send_raw: {hex: '8100', probe: true}\n"
                                 + EXPECT), True),
    ("placeholders in fragment_size, count and stall_ms",
     sample("    matrix:\n      n: [2]\n    steps:\n"
            "      - send: {opcode: text, payload: abc, fragment_size: '{n}'}\n"
            "      - flood: {size: 4, count: '{n}', stall_ms: '{n}'}\n" + EXPECT,
            id="sample-{n}"), True),
    ("fragment_size 0", sample("    steps:\n      - send: {opcode: text, fragment_size: 0}\n"
                               + EXPECT), False),
    ("probe on wait", sample("    steps:\n      - wait: {ms: 1, probe: true}\n" + EXPECT), False),
    ("a SHOULD policy", sample(STEPS + EXPECT + "    policy: {text: p, level: SHOULD}\n"), True),
    ("a MAY policy", sample(STEPS + EXPECT + "    policy: {text: p, level: MAY}\n"), True),
    ("a policy without level", sample(STEPS + EXPECT + "    policy: {text: p}\n"), True),
    ("a MUST policy", sample(STEPS + EXPECT + "    policy: {text: p, level: MUST}\n"), False),
    ("a policy without text", sample(STEPS + EXPECT + "    policy: {level: MAY}\n"), False),
    ("a policy in defaults",
     sample(top="defaults:\n  policy: {text: p, level: informational}\n"), True),
    ("a status class", sample(STEPS + "    expect:\n      http_status: [4xx, 501]\n"), True),
    ("a status class past 5xx", sample(STEPS + "    expect:\n      http_status: [6xx]\n"), False),
    ("a handshake after the first step",
     sample(STEPS + "      - handshake: {}\n" + EXPECT), False),
    ("a '..' part in the id", sample(id="../x"), False),
    ("a burst with steps", sample(STEPS + EXPECT + "    burst: {connections: 2}\n"), False),
    ("yes for a boolean",
     sample("    steps:\n      - send: {opcode: text, fin: yes}\n" + EXPECT), False),
    ("a duplicate key", sample(STEPS + EXPECT + "    title: again\n"), False),
    ("retry_within_ms on a 'before' peer",
     sample(STEPS + EXPECT + "    peers:\n      - name: p\n        retry_within_ms: 10\n"
            "        steps:\n          - send: {opcode: ping}\n        expect: {}\n"), False),
    ("a reason with an empty body",
     sample("    steps:\n      - close: {code: null, reason: r}\n" + EXPECT), False),
    ("a matrix placeholder for the level",
     sample(id="{n}", case=STEPS + EXPECT + "    matrix:\n      n: [a]\n      l: [MAY]\n")
     .replace("level: MUST", "level: \"{l}\""), True),
]


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = validate_scenarios.json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    validator = validate_scenarios.jsonschema.Draft202012Validator(schema)
    wrong = 0
    with tempfile.TemporaryDirectory() as directory:
        for index, (name, text, accepted) in enumerate(SAMPLES):
            path = Path(directory) / f"sample-{index:02}.yaml"
            path.write_text(text, encoding="utf-8")
            problems = validate_scenarios.check_file(validator, path)
            if (not problems) != accepted:
                wrong += 1
                verdict = "refused" if problems else "accepted"
                print(f"FAIL: {name}: the schema {verdict} it, the loader does not")
                for problem in problems:
                    print(f"  {problem}")
                print("  " + text.replace("\n", "\n  "))
    print(f"{len(SAMPLES) - wrong} of {len(SAMPLES)} samples judged as the loader judges them")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
