#!/usr/bin/env python3
"""Validates scenario files against scenarios/scenario.schema.json.

Usage: validate_scenarios.py SCHEMA FILE_OR_DIRECTORY...

Every *.yaml directly in a directory is checked (as the loader reads them). Each problem is
printed as file:line: case <id>: <path>: <message>. Exits 1 on any problem, including a missing
Python module: a check that skips would pass in CI without checking anything.
"""

import json
import re
import sys
from pathlib import Path

try:
    import jsonschema
    import yaml
except ImportError as error:
    # Fails rather than skips: scripts/setup installs both modules.
    print(
        f"FAIL: python3 module '{error.name}' is missing: scripts/setup installs "
        "python3-yaml and python3-jsonschema",
        file=sys.stderr,
    )
    sys.exit(1)


class ScenarioLoader(yaml.SafeLoader):
    """Reads scalars as the harness's loader (yaml-cpp plus loader/context.cpp) does.

    PyYAML follows YAML 1.1 (yes/no/on/off are booleans, 0x1f and 1_000 are integers,
    2024-01-01 is a date), the loader does not: only plain true/false are booleans and only
    plain decimal integers are integers, everything else stays a string. Duplicate keys, which
    PyYAML silently collapses, are errors as in the loader.
    """


ScenarioLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                           "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
ScenarioLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
    list("-+0123456789."))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if not re.fullmatch(r"[-+]?[0-9]+", text):  # "!!int 0x1f": the loader reads no such tag
        raise yaml.constructor.ConstructorError(
            None, None, f"'{text}' is not a plain decimal integer", node.start_mark)
    return int(text)


def construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first at line {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


ScenarioLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
ScenarioLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)


def load(path):
    """Returns (document, node tree) of one YAML file."""
    loader = ScenarioLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
        return document, node
    finally:
        loader.dispose()


def line_of(node, path):
    """The 1-based line of the deepest node along `path` in the node tree."""
    line = node.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                return line
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def dotted(path):
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(the file)"


def deepest(error):
    """The most telling error inside an anyOf, whose own message only says 'not valid'.

    The branch that got furthest into the value is the one meant: a type mismatch at the same
    depth only says another branch was not it.
    """
    def telling(candidate):
        return (len(candidate.absolute_path), candidate.validator not in ("type", "const"))

    while error.context:
        error = max(error.context, key=telling)
    return error


def resolve(schema, reference):
    """A local reference ("#/$defs/name"): the schema is one file."""
    target = schema
    for name in reference.lstrip("#/").split("/"):
        target = target[name]
    return target


def rule_of(schema, error):
    """The description of the rule (a 'not' or an 'if'/'then') the error broke, if any."""
    node, rule = schema, None
    for part in error.absolute_schema_path:
        # Some jsonschema versions list "$ref" in the path, others go straight into its target.
        while isinstance(node, dict) and part not in node and "$ref" in node:
            node = resolve(schema, node["$ref"])
        if part == "$ref":
            node = resolve(schema, node["$ref"])
            continue
        if isinstance(node, dict) and part in ("not", "then") and "description" in node:
            rule = node["description"]
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return rule


def unknown_key_line(node, error):
    """For 'Additional properties are not allowed', the line of the first offending key."""
    if error.validator != "additionalProperties":
        return None
    target = node
    for part in error.absolute_path:
        if isinstance(target, yaml.MappingNode):
            target = next((v for k, v in target.value if k.value == part), None)
        elif isinstance(target, yaml.SequenceNode) and isinstance(part, int):
            target = target.value[part] if part < len(target.value) else None
        if target is None:
            return None
    if not isinstance(target, yaml.MappingNode):
        return None
    allowed = set(error.schema.get("properties", {}))
    for key, _ in target.value:
        if key.value not in allowed:
            return key.start_mark.line + 1
    return None


def check_file(validator, path):
    """Returns the problems of one file, as printable lines."""
    try:
        document, node = load(path)
    except OSError as error:
        return [f"{path}: cannot read the file: {error.strerror}"]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        parts = [getattr(error, "context", None), getattr(error, "problem", None)]
        reason = ", ".join(part for part in parts if part) or str(error)
        return [f"{where}: not YAML the loader reads: {reason}"]
    if node is None:
        return [f"{path}: the file is empty"]
    problems = []
    for error in validator.iter_errors(document):
        shown = deepest(error)
        path_parts = list(shown.absolute_path)
        line = unknown_key_line(node, shown) or line_of(node, path_parts)
        case = ""
        if len(path_parts) >= 2 and path_parts[0] == "cases" and isinstance(path_parts[1], int):
            item = document["cases"][path_parts[1]]
            case_id = item.get("id") if isinstance(item, dict) else None
            case = f"case {case_id or '#' + str(path_parts[1] + 1)}: "
        # A broken rule says more by its description than by the schema it quotes.
        message = rule_of(validator.schema, shown) or shown.message
        if len(message) > 200:
            message = message[:200] + "..."
        problems.append((line, f"{path}:{line}: {case}{dotted(path_parts)}: {message}"))
    return [text for _, text in sorted(problems, key=lambda problem: problem[0])]


def scenario_files(arguments):
    files = []
    for argument in arguments:
        path = Path(argument)
        files += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return files


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    validator_class = jsonschema.Draft202012Validator
    try:
        validator_class.check_schema(schema)
    except jsonschema.exceptions.SchemaError as error:
        print(f"FAIL: {argv[1]} is not a valid 2020-12 schema: {error.message}", file=sys.stderr)
        return 1
    validator = validator_class(schema)
    files = scenario_files(argv[2:])
    if not files:
        # No files would make the check pass vacuously.
        print(f"FAIL: no scenario files in {' '.join(argv[2:])}", file=sys.stderr)
        return 1
    failed = 0
    for path in files:
        problems = check_file(validator, path)
        failed += bool(problems)
        for problem in problems:
            print(problem)
    print(f"{len(files) - failed} of {len(files)} scenario files match {argv[1]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
