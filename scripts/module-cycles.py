#!/usr/bin/env python3
"""Import circles between a crate's top-level modules.

    scripts/module-cycles.py crates/ingest/src crates/proxy/src ...
    scripts/module-cycles.py src src/components src/state ...
    scripts/module-cycles.py --self-test

A dir inside a src dir (src/components) is checked the same way one level
down: its modules are its own files and dirs, `crate::components::B`
names B, and its mod.rs is the root whose re-exports count.

For each src dir, the modules are its files `foo.rs` and dirs `foo/`
(lib.rs and main.rs are the crate root, not modules). A → B when a file of
A names `crate::B` in code: `use crate::B::x`, `crate::B::f()`, or a
grouped `use crate::{B, C::x}`, or a name the crate root re-exports from
B (`pub use b::Thing;` in lib.rs makes `crate::Thing` an edge to B). Inside A, `super::X` from a nested module
(foo/bar.rs, `mod tests`) stays in A or names the root, so it adds no edge
unless it climbs to the root and names another module (`super::super::B`
from foo/bar.rs is counted as B). Comments and string literals are
ignored. Prints every cycle found and a summary line per dir; exits 1 if
any dir has a cycle.
"""
import os
import re
import sys
import tempfile

COMMENT_OR_STRING = re.compile(
    r'//[^\n]*|/\*.*?\*/|r(#*)".*?"\1|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'',
    re.S,
)
CRATE_PATH = re.compile(r'\bcrate\s*::\s*(\{|[A-Za-z_][A-Za-z0-9_]*)')


def crate_path(prefix):
    """`crate::` followed by the folder path `prefix` (a list of names)."""
    head = ''.join(rf'{re.escape(p)}\s*::\s*' for p in prefix)
    return re.compile(rf'\bcrate\s*::\s*{head}(\{{|[A-Za-z_][A-Za-z0-9_]*)')


def split_root(src):
    """(crate src dir, folder path below it) for src or a dir inside one:
    the crate's src dir is the nearest ancestor holding lib.rs or main.rs."""
    prefix, here = [], os.path.normpath(src)
    while not any(os.path.exists(os.path.join(here, r)) for r in ('lib.rs', 'main.rs')):
        parent = os.path.dirname(here)
        if parent == here or not parent:
            return os.path.normpath(src), []
        prefix.insert(0, os.path.basename(here))
        here = parent
    return here, prefix


ROOT_FILES = ('lib.rs', 'main.rs', 'mod.rs')
SUPER_PATH = re.compile(r'\b((?:super\s*::\s*)+)(\{|[A-Za-z_][A-Za-z0-9_]*)')


def code_of(text):
    """The text with comments and string/char literals blanked out."""
    return COMMENT_OR_STRING.sub(' ', text)


def group_heads(code, start):
    """The first segment of each path in the `{...}` group opening at start."""
    depth, i, heads, expect = 0, start, [], True
    while i < len(code):
        c = code[i]
        if c == '{':
            depth += 1
            expect = depth == 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                break
        elif c == ',' and depth == 1:
            expect = True
        elif expect and (c.isalpha() or c == '_'):
            m = re.match(r'[A-Za-z_][A-Za-z0-9_]*', code[i:])
            heads.append(m.group(0))
            i += len(m.group(0))
            expect = False
            continue
        i += 1
    return heads


def names_after(code, match):
    """The module names a `crate::` (or climbing `super::`) match points at."""
    head = match.group(match.lastindex)
    if head == '{':
        return group_heads(code, match.end() - 1)
    return [head]


def modules_of(src):
    """{module name: [its .rs files]} for the top level of src."""
    modules = {}
    for entry in sorted(os.listdir(src)):
        path = os.path.join(src, entry)
        if entry.endswith('.rs') and entry not in ROOT_FILES:
            modules.setdefault(entry[:-3], []).append(path)
        elif os.path.isdir(path) and entry != 'bin':
            files = modules.setdefault(entry, [])
            for root, _, names in os.walk(path):
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith('.rs')]
    return modules


def depth_below_root(src, path):
    """How many `super::` reach the crate root from the file's own module.

    src/foo.rs is module foo (1 below the root); src/foo/mod.rs too;
    src/foo/bar.rs is foo::bar (2). Inline `mod x {}` blocks add depth we
    do not track, which can only under-count climbs (no false edges)."""
    rel = os.path.relpath(path, src).split(os.sep)
    depth = len(rel)
    if rel[-1] == 'mod.rs':
        depth -= 1
    return depth


def reexports_of(src, modules):
    """{name: module} for what the crate root re-exports from its modules
    (`pub use b::Thing;`, `pub use b::{X, Y as Z};`), so `crate::Thing`
    counts as an edge to b, not as a path into the root."""
    found = {}
    for root in ROOT_FILES:
        path = os.path.join(src, root)
        if not os.path.exists(path):
            continue
        with open(path, encoding='utf-8') as f:
            code = code_of(f.read())
        for m in re.finditer(r'\bpub\s+use\s+(?:(?:crate|self)\s*::\s*)?(\w+)\s*::([^;]*);', code):
            if m.group(1) not in modules:
                continue
            rest = re.sub(r'\w+\s+as\s+', '', m.group(2))  # `X as Y` exports Y
            for name in re.findall(r'[A-Za-z_]\w*', rest):
                if name not in modules and name != 'self':
                    found[name] = m.group(1)
    return found


def graph_of(src):
    _, prefix = split_root(src)
    pattern = crate_path(prefix) if prefix else CRATE_PATH
    modules = modules_of(src)
    reexports = reexports_of(src, modules)
    edges = {name: set() for name in modules}
    for name, files in modules.items():
        for path in files:
            with open(path, encoding='utf-8') as f:
                code = code_of(f.read())
            targets = []
            for m in pattern.finditer(code):
                targets += names_after(code, m)
            depth = depth_below_root(src, path)
            for m in SUPER_PATH.finditer(code):
                climbs = m.group(1).count('super')
                if climbs >= depth:  # reaches the root: the next name is a module
                    targets += names_after(code, m)
            targets = [t if t in modules else reexports.get(t) for t in targets]
            edges[name] |= {t for t in targets if t and t != name}
    return edges


def cycles_of(edges):
    """Every elementary cycle, each once, starting at its smallest name."""
    found = []

    def walk(start, node, path, on_path):
        for nxt in sorted(edges[node]):
            if nxt == start:
                found.append(path + [start])
            elif nxt > start and nxt not in on_path:
                on_path.add(nxt)
                walk(start, nxt, path + [nxt], on_path)
                on_path.discard(nxt)

    for start in sorted(edges):
        walk(start, start, [start], {start})
    return found


def check(src):
    edges = graph_of(src)
    cycles = cycles_of(edges)
    for cycle in cycles:
        print(f'{src}: cycle: ' + ' -> '.join(cycle))
    print(f'{src}: {len(edges)} modules, {len(cycles)} cycles')
    return not cycles


def self_test():
    """A tree with a → b → c → a (a grouped use, a path in a nested file)
    and a → d → c → a (a `super::` from a top-level file names the root's
    c), and e → c through the root's re-export of c::G; `super::` inside a
    module and comments and strings add no edge."""
    files = {
        'lib.rs': 'pub mod a; pub mod b; pub mod c; pub mod d; pub mod e;\npub use c::{g as G};',
        'a.rs': 'use crate::{b::X, d};\n#[cfg(test)] mod tests { use super::*; }',
        'b/mod.rs': 'mod inner;\npub struct X;',
        'b/inner.rs': 'use super::X; fn f() { crate::c::g(); }',
        'c.rs': 'pub fn g() { let _ = crate::a::Y; }',
        'd.rs': '// use crate::a;\nconst S: &str = "crate::a";\nuse super::c;',
        'e.rs': 'use crate::G;',
    }
    with tempfile.TemporaryDirectory() as src:
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(src, name)), exist_ok=True)
            with open(os.path.join(src, name), 'w') as f:
                f.write(text)
        edges = graph_of(src)
        expected = {'a': {'b', 'd'}, 'b': {'c'}, 'c': {'a'}, 'd': {'c'}, 'e': {'c'}}
        assert edges == expected, edges
        assert cycles_of(edges) == [['a', 'b', 'c', 'a'], ['a', 'd', 'c', 'a']], cycles_of(edges)
        os.remove(os.path.join(src, 'c.rs'))
        with open(os.path.join(src, 'c.rs'), 'w') as f:
            f.write('pub fn g() {}')
        assert cycles_of(graph_of(src)) == []
    # One level down: src/ui/{x,y}.rs import each other through
    # `crate::ui::` paths and `super::`.
    with tempfile.TemporaryDirectory() as src:
        files = {
            'lib.rs': 'pub mod ui;',
            'ui/mod.rs': 'mod x; mod y; pub use x::X;',
            'ui/x.rs': 'use super::y::Y; pub struct X;',
            'ui/y.rs': 'use crate::ui::X; pub struct Y;',
        }
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(src, name)), exist_ok=True)
            with open(os.path.join(src, name), 'w') as f:
                f.write(text)
        edges = graph_of(os.path.join(src, 'ui'))
        assert edges == {'x': {'y'}, 'y': {'x'}}, edges
    print('module-cycles self-test: ok')
    return True


def main(args):
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if args == ['--self-test']:
        return 0 if self_test() else 1
    ok = True
    for src in args:
        ok = check(src) and ok
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
