"""Evaluate the small HCL expression subset the exported Terraform uses, on python-hcl2's parse.

Written independently of `modules/packager` (it must not check the packager with its own code). Values are
Python data; a reference to something only known at apply time (a resource attribute, `path.module`) stays
symbolic as a `Ref`, a `str` spelled `${<reference>}`: that is exactly how cdktf writes it in `cdk.tf.json`, so
evaluated HCL compares to the synthesized JSON directly. A `for` expression over a collection known only at
apply time stays symbolic too, as its own text without whitespace (`canonical`). Only the branch a known
condition selects is evaluated, as in Terraform. Anything outside the subset raises `Unsupported`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any


class Unsupported(Exception):
    """An expression outside what this evaluator understands (extend it, do not skip it)."""


class _Unknown(Exception):
    """A value computed from something known only at apply time: the enclosing `for` expression stays symbolic."""


def canonical(text: str) -> str:
    """A `for` expression's text without whitespace, so cdktf's and python-hcl2's spellings compare equal."""
    return re.sub(r"\s+", "", text)


#: Scope key of `{address: number of instances}` for resources and data sources that have a `count`.
COUNTS = "__counts__"


class Ref(str):
    """A value known only at apply time, spelled like cdktf spells it: `${aws_x.y.id}`.

    `counts` says how many instances the resources with a `count` have: `aws_x.y` is then a list of that many
    refs, each spelled without an index, the way cdktf spells the resource when it is unconditional.
    """

    counts: Mapping[str, int]

    def __new__(cls, text: str, counts: Mapping[str, int] | None = None) -> Ref:
        made = super().__new__(cls, text)
        made.counts = counts or {}
        return made

    @property
    def expression(self) -> str:
        return self[2:-1]


def ref(expression: str, counts: Mapping[str, int] | None = None) -> Ref:
    return Ref("${" + expression + "}", counts)


_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<op>=>|==|!=|>=|<=|&&|\|\||\[\*\]|[-+*/%<>!?:.,()\[\]{}=])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<quote>\"))"
)


def _known_list(items: Any) -> list[Any]:
    if isinstance(items, Ref):
        raise _Unknown(items)
    if not isinstance(items, list):
        raise Unsupported(f"{items!r} is not a list")
    return items


def _flatten(items: Any) -> list[Any]:
    result: list[Any] = []
    for item in _known_list(items):
        result += _flatten(item) if isinstance(item, list | Ref) else [item]
    return result


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "length": lambda items: len(items) if not isinstance(items, Ref) else _fail("length() of an unknown"),
    "one": lambda items: None if not items else (items[0] if len(items) == 1 else _fail("one() of many")),
    "flatten": _flatten,
    "tolist": _known_list,
}


def _fail(message: str) -> Any:
    raise Unsupported(message)


class _Parser:
    """Recursive descent over one expression, evaluating as it goes (both branches of `?:` are parsed)."""

    def __init__(self, text: str, scope: Mapping[str, Any]) -> None:
        self.text, self.pos, self.scope = text, 0, scope
        self.skipping = 0  # > 0 inside a branch a known condition did not select: parsed, never evaluated

    def _peek(self) -> tuple[str, str] | None:
        match = _TOKEN.match(self.text, self.pos)
        if not match or match.end() == match.start():
            return None
        kind = match.lastgroup or ""
        return kind, match.group(kind)

    def _take(self, expected: str | None = None) -> tuple[str, str]:
        match = _TOKEN.match(self.text, self.pos)
        if not match or match.lastgroup is None:
            raise Unsupported(f"cannot read {self.text[self.pos :]!r}")
        kind, value = match.lastgroup, match.group(match.lastgroup)
        if expected is not None and value != expected:
            raise Unsupported(f"expected {expected!r} at {self.text[self.pos :]!r}")
        self.pos = match.end()
        return kind, value

    def _at(self, *values: str) -> bool:
        token = self._peek()
        return token is not None and token[1] in values

    def parse(self) -> Any:
        value = self.expression()
        if self.text[self.pos :].strip():
            raise Unsupported(f"trailing {self.text[self.pos :]!r}")
        return value

    def expression(self) -> Any:
        condition = self._binary(0)
        if not self._at("?"):
            return condition
        self._take("?")
        if not self.skipping and not isinstance(condition, bool):
            raise Unsupported(f"condition {condition!r} is not a known bool")
        when_true = self._branch(condition is True)
        self._take(":")
        when_false = self._branch(condition is False)
        return when_true if condition is True else when_false

    def _branch(self, taken: bool) -> Any:
        """One result of `?:`; the other one is only parsed (Terraform does not evaluate it either)."""
        if taken:
            return self.expression()
        self.skipping += 1
        try:
            self.expression()
        finally:
            self.skipping -= 1
        return None

    _LEVELS = (("||",), ("&&",), ("==", "!=", ">=", "<=", ">", "<"), ("+", "-"))

    def _binary(self, level: int) -> Any:
        if level == len(self._LEVELS):
            return self._unary()
        left = self._binary(level + 1)
        while self._at(*self._LEVELS[level]):
            operator = self._take()[1]
            right = self._binary(level + 1)
            left = None if self.skipping else _apply(operator, left, right)
        return left

    def _unary(self) -> Any:
        if self._at("!"):
            self._take()
            value = self._unary()
            if self.skipping:
                return None
            if not isinstance(value, bool):
                raise Unsupported(f"!{value!r}")
            return not value
        if self._at("-"):
            self._take()
            value = self._unary()
            return None if self.skipping else -value
        return self._postfix(self._primary())

    def _postfix(self, value: Any) -> Any:
        splat = False  # after `[*]`, attribute access applies to every element
        while True:
            if self._at("."):
                self._take()
                name = self._take()[1]
                if self.skipping:
                    continue
                value = [_attribute(item, name) for item in value] if splat else _attribute(value, name)
            elif self._at("[*]"):
                self._take()
                value = [] if value is None else value if isinstance(value, list) else [value]
                splat = True
            elif self._at("["):
                self._take()
                index = self.expression()
                self._take("]")
                if self.skipping:
                    continue
                value = [_index(item, index) for item in value] if splat else _index(value, index)
            else:
                return value

    def _primary(self) -> Any:
        kind, value = self._take()
        if kind == "number":
            return float(value) if "." in value else int(value)
        if kind == "quote":
            return self._template()
        if value == "(":
            inner = self.expression()
            self._take(")")
            return inner
        if value in ("[", "{") and self._at("for"):
            return self._for(value)
        if value == "[":
            items = []
            while not self._at("]"):
                items.append(self.expression())
                if self._at(","):
                    self._take()
            self._take("]")
            return items
        if kind != "name":
            raise Unsupported(f"unexpected {value!r}")
        if value in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[value]
        if self._at("("):
            return self._call(value)
        if self.skipping:
            return None
        if value in self.scope:
            return self.scope[value]
        return ref(value, self.scope.get(COUNTS))  # a resource type, `data` or `path`: known at apply time only

    def _call(self, name: str) -> Any:
        self._take("(")
        args = []
        while not self._at(")"):
            args.append(self.expression())
            if self._at(","):
                self._take()
        self._take(")")
        if name not in FUNCTIONS:
            raise Unsupported(f"function {name}()")
        return None if self.skipping else FUNCTIONS[name](*args)

    def _for(self, opening: str) -> Any:
        """`[for k, v in c : x]` or `{for k, v in c : k => v}` (opening bracket taken); symbolic when `c` is only
        known at apply time."""
        start = self.pos - 1
        self._take("for")
        names = [self._take()[1]]
        if self._at(","):
            self._take()
            names.append(self._take()[1])
        self._take("in")
        try:
            collection: Any = self.expression()
        except _Unknown:
            collection = None
            unknown = True
        else:
            unknown = isinstance(collection, Ref)
        self._take(":")
        parts = [self._skipped()]
        if opening == "{":
            self._take("=>")
            parts.append(self._skipped())
        if self._at("if"):
            raise Unsupported("for expression with if")
        self._take("]" if opening == "[" else "}")
        if self.skipping:
            return None
        if unknown:
            return ref(canonical(self.text[start : self.pos]))
        entries = collection.items() if isinstance(collection, dict) else enumerate(collection)
        results = []
        for key, item in entries:
            scope = {**self.scope, names[-1]: item, **({names[0]: key} if len(names) == 2 else {})}
            results.append([evaluate(part, scope) for part in parts])
        return {result[0]: result[1] for result in results} if opening == "{" else [r[0] for r in results]

    def _skipped(self) -> str:
        """Parse one expression without evaluating it; its text (evaluated per element by `_for`)."""
        start = self.pos
        self.skipping += 1
        try:
            self.expression()
        finally:
            self.skipping -= 1
        return self.text[start : self.pos]

    def _template(self) -> Any:
        """The rest of a quoted template (opening quote taken): literal text and `${…}` interpolations."""
        parts: list[Any] = []
        literal = ""
        while True:
            if self.pos >= len(self.text):
                raise Unsupported("unterminated string")
            char = self.text[self.pos]
            if char == '"':
                self.pos += 1
                break
            if char == "\\":
                escape = self.text[self.pos + 1]
                if escape == "u":
                    literal += chr(int(self.text[self.pos + 2 : self.pos + 6], 16))
                    self.pos += 6
                    continue
                literal += {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}[escape]
                self.pos += 2
            elif self.text.startswith(("$${", "%%{"), self.pos):
                literal += self.text[self.pos + 1 : self.pos + 3]
                self.pos += 3
            elif self.text.startswith("${", self.pos):
                self.pos += 2
                parts += [literal, self.expression()]
                literal = ""
                self._take("}")
                if self.skipping:
                    parts[-1] = ""
            elif self.text.startswith("%{", self.pos):
                raise Unsupported("template directives")
            else:
                literal += char
                self.pos += 1
        parts.append(literal)
        if len(parts) == 3 and parts[0] == parts[2] == "":
            return parts[1]  # "${x}" is x itself, whatever its type
        return "".join(_in_template(part) for part in parts)


def _in_template(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise Unsupported(f"{value!r} inside a string template")


def _index(value: Any, index: Any) -> Any:
    return ref(f"{value.expression}[{index}]") if isinstance(value, Ref) else value[index]


def _attribute(value: Any, name: str) -> Any:
    if isinstance(value, Ref):
        expression = f"{value.expression}.{name}"
        if expression in value.counts:
            return [ref(expression, value.counts)] * value.counts[expression]
        return ref(expression, value.counts)
    if isinstance(value, Mapping):
        return value[name]
    raise Unsupported(f"attribute {name} of {value!r}")


def _apply(operator: str, left: Any, right: Any) -> Any:
    if isinstance(left, Ref) or isinstance(right, Ref):
        raise Unsupported(f"{left!r} {operator} {right!r}: not known before apply")
    operations: dict[str, Callable[[Any, Any], Any]] = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        ">=": lambda a, b: a >= b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        "<": lambda a, b: a < b,
        "&&": lambda a, b: a and b,
        "||": lambda a, b: a or b,
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
    }
    return operations[operator](left, right)


def evaluate(expression: str, scope: Mapping[str, Any]) -> Any:
    """Evaluate HCL expression text (no surrounding `${}`) with `scope` (e.g. `{"var": {...}}`)."""
    try:
        return _Parser(expression, scope).parse()
    except _Unknown as unknown:
        raise Unsupported(f"{expression!r} needs {unknown.args[0]!r}, known only at apply time") from None


def value(parsed: Any, scope: Mapping[str, Any]) -> Any:
    """Evaluate one attribute value as python-hcl2 returns it: `"\\"text\\""` literals, `"${expr}"` expressions."""
    if isinstance(parsed, str):
        if parsed.startswith('"'):
            return evaluate(parsed, scope)
        if parsed.startswith("${") and parsed.endswith("}"):
            return evaluate(parsed[2:-1], scope)
        raise Unsupported(f"bare {parsed!r}")
    if isinstance(parsed, list):
        return [value(item, scope) for item in parsed]
    if isinstance(parsed, dict):
        return {unquote(key): value(item, scope) for key, item in parsed.items() if key != "__is_block__"}
    return parsed


def unquote(label: str) -> str:
    return json.loads(label) if label.startswith('"') else label


def body(parsed: Mapping[str, Any], scope: Mapping[str, Any]) -> dict[str, Any]:
    """Evaluate a block body: attributes, nested blocks (lists of bodies) and `dynamic` blocks expanded.

    Null attributes are dropped (Terraform treats them as unset); `depends_on` keeps the addresses as text.
    """
    result: dict[str, Any] = {}
    for key, item in parsed.items():
        if key == "__is_block__":
            continue
        if key == "dynamic":
            for dynamic in item:
                for label, spec in dynamic.items():
                    blocks = _expand(spec, scope, unquote(label))
                    if blocks:  # zero iterations: no block at all
                        result.setdefault(unquote(label), []).extend(blocks)
        elif key == "depends_on":
            result[key] = [entry[2:-1] for entry in item]
        elif isinstance(item, list) and item and all(isinstance(i, dict) and i.get("__is_block__") for i in item):
            result.setdefault(key, []).extend(body(block, scope) for block in item)
        else:
            evaluated = value(item, scope)
            if evaluated is not None:
                result[key] = evaluated
    return result


def _expand(spec: Mapping[str, Any], scope: Mapping[str, Any], label: str) -> list[dict[str, Any]]:
    items = value(spec["for_each"], scope)
    iterator = spec.get("iterator", label)
    if not isinstance(iterator, str):
        raise Unsupported(f"iterator {iterator!r}")
    iterator = iterator[2:-1] if iterator.startswith("${") else iterator
    entries = items.items() if isinstance(items, dict) else enumerate(items)
    return [
        body(content, {**scope, iterator: {"key": key, "value": item}})
        for key, item in entries
        for content in spec["content"]
    ]
