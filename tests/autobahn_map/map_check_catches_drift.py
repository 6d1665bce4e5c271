#!/usr/bin/env python3
"""scripts/autobahn-map-check must fail when the map and the scenarios drift apart.

Usage: map_check_catches_drift.py REPO_ROOT

Copies docs/autobahn-map.md and scenarios/ into a temporary tree, breaks one thing at a time, and
expects the check to exit 1 with the message that names it. Exits 1 if any break goes unnoticed.
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile


def run_check(script, root):
    result = subprocess.run([sys.executable, str(script), str(root)], capture_output=True,
                            text=True, timeout=60)
    return result.returncode, result.stderr


def main():
    repo = pathlib.Path(sys.argv[1])
    script = repo / 'scripts' / 'autobahn-map-check'
    # (file under the tree, text to find, its replacement, message the check must print)
    breaks = [
        ('scenarios/8.1-utf8-sequences.yaml', '{name: special-ufff9, bytes: {hex: "ef bf b9"}}',
         '{name: special-ufff9, bytes: {hex: "ef bf b8"}}',
         'rfc6455/8.1/valid-special-ufff9 sends efbfb8, not the row\'s bytes'),
        ('docs/autobahn-map.md', '| 6.23.1 | valid text `ef bf b9` |',
         '| 6.23.1 | invalid text `ef bf b9` |',
         'the row sends invalid text but the case is rfc6455/8.1/valid-special-ufff9'),
        ('docs/autobahn-map.md', '`rfc6455/5.2/rsv1-rsv3-on-binary`',
         '`rfc6455/5.2/rsv1-rsv3-on-binary-typo`',
         'wsconform case rfc6455/5.2/rsv1-rsv3-on-binary-typo is not in scenarios/*.yaml'),
        ('docs/autobahn-map.md', '| 1 | 16 | 16 | 0 | 0 |', '| 1 | 16 | 15 | 1 | 0 |',
         'summary for section 1'),
    ]
    failures = []
    with tempfile.TemporaryDirectory() as temp:
        for relative, find, replace, message in breaks:
            root = pathlib.Path(temp) / 'tree'
            shutil.rmtree(root, ignore_errors=True)
            (root / 'docs').mkdir(parents=True)
            shutil.copy(repo / 'docs' / 'autobahn-map.md', root / 'docs' / 'autobahn-map.md')
            shutil.copytree(repo / 'scenarios', root / 'scenarios')
            target = root / relative
            text = target.read_text(encoding='utf-8')
            if text.count(find) != 1:
                failures.append('%s: expected the text %r once, found it %d times'
                                % (relative, find, text.count(find)))
                continue
            target.write_text(text.replace(find, replace), encoding='utf-8')
            status, stderr = run_check(script, root)
            if status != 1 or message not in stderr:
                failures.append('breaking %s (%r) gave exit %d without %r:\n%s'
                                % (relative, find, status, message, stderr))
    for failure in failures:
        print('map-check-drift: ' + failure, file=sys.stderr)
    if not failures:
        print('map-check-drift: the check caught all %d breaks' % len(breaks))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
