#!/usr/bin/env python3
"""Seeded mutation fuzzer for the sspi-tidy engine.

Takes every C/C++ test file under test/checkers and test/robustness, the
examples, and a few generated functions (test/robustness/Inputs), and makes
mutants: tokens deleted, duplicated, swapped or replaced (identifiers by
other identifiers of the corpus or by numbers, numbers by boundary values,
operators by other operators), lines deleted, duplicated, swapped or moved,
braces removed or added, goto/label/return/break/continue inserted, lines
wrapped in loops, switches and conditions, lines spliced from another seed.
Each mutant is analysed by sspi-tidy (several mutants per process), with a
timeout. A crash, a sanitizer report or a hang is re-run alone, saved to the
crash directory with its command line and output, and minimised (line by
line) when that is cheap.

Mutant I of seed S is a function of (S, I) only: `--emit I` writes it again,
and a run of N mutants is a prefix of a run of M > N mutants.

  mutate.py --bin build-asan/sspi-tidy-bin --count 2000 --seed 1 \\
            --work /tmp/mut --crash-dir /tmp/mut/crashes [-j 2] [--batch 20]
  mutate.py --seed 1 --emit 1234 > mutant.c   (and prints its flags on stderr)

Exit status: 0 when every mutant was analysed without a crash, a sanitizer
report or a hang; 1 otherwise.
"""
import argparse
import concurrent.futures
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import rtools  # noqa: E402

TOKEN_RE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<str>L?"(?:\\.|[^"\\\n])*"|L?'(?:\\.|[^'\\\n])*')
  | (?P<num>0[xX][0-9a-fA-F]+[uUlL]*|\d+\.?\d*(?:[eE][-+]?\d+)?[uUlLfF]*)
  | (?P<id>[A-Za-z_]\w*)
  | (?P<op>->\*?|\+\+|--|<<=|>>=|<=>|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|::|\.\.\.|[{}()\[\];,.?:~!<>=+\-*/%&|^#\\])
  | (?P<other>.)
""", re.S | re.X)

KEYWORDS = {"if", "else", "while", "for", "do", "switch", "case", "default", "break",
            "continue", "return", "goto", "sizeof", "struct", "union", "enum",
            "typedef", "static", "const", "volatile", "extern", "inline", "void",
            "int", "char", "long", "short", "unsigned", "signed", "float", "double",
            "auto", "register", "class", "public", "private", "protected", "template",
            "typename", "namespace", "using", "new", "delete", "this", "try", "catch",
            "throw", "operator", "virtual", "nullptr", "true", "false", "bool"}
INTERESTING_NUMBERS = ["0", "1", "-1", "2", "0x80090300", "0x00090312", "0x7fffffff",
                       "0xffffffff", "4294967296", "-2147483648", "64", "100000"]
OPERATOR_SWAPS = [["==", "!=", "<", ">", "<=", ">="], ["&&", "||"], ["+", "-", "*", "/", "%"],
                  ["&", "|", "^"], ["=", "+=", "-=", "|=", "&="], ["->", "."], ["++", "--"]]
EXTRA_IDENTIFIERS = ["DeleteSecurityContext", "FreeCredentialsHandle", "FreeContextBuffer",
                     "InitializeSecurityContextA", "InitializeSecurityContextW",
                     "AcceptSecurityContext", "AcquireCredentialsHandleA",
                     "QueryContextAttributesA", "ImpersonateSecurityContext",
                     "RevertSecurityContext", "SecInvalidateHandle", "SEC_E_OK",
                     "SEC_I_CONTINUE_NEEDED", "FAILED", "SUCCEEDED", "NULL", "memset",
                     "ZeroMemory", "free", "exit", "abort", "RevertToSelf"]


def tokenize(line):
    toks = []
    for m in TOKEN_RE.finditer(line):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        toks.append((kind, m.group(0)))
    return toks


def strip_comments(text):
    """Block comments become spaces (newlines kept), line comments go."""
    out = []
    for m in TOKEN_RE.finditer(text):
        if m.lastgroup == "comment":
            c = m.group(0)
            out.append("" if c.startswith("//") else re.sub(r"[^\n]", " ", c))
        else:
            out.append(m.group(0))
    return "".join(out)


class Seed:
    def __init__(self, name, text, flags, ext):
        self.name, self.flags, self.ext = name, flags, ext
        self.compiles = True
        self.lines = strip_comments(text).split("\n")
        self.tokens = [None if l.lstrip().startswith("#") else tokenize(l) for l in self.lines]
        self.idents = sorted({t for toks in self.tokens if toks for k, t in toks
                              if k == "id" and t not in KEYWORDS})
        # lines inside function bodies: the mutable ones
        self.body = [i for i, toks in enumerate(self.tokens) if toks]


def flags_from_run_lines(text):
    """Compiler flags of the first RUN line that runs sspi-tidy on %s."""
    win = " ".join(rtools.WIN_FLAGS)
    for line in text.splitlines():
        m = re.search(r"RUN:.*%sspi_(?:tidy|standalone)\S*\s.*?%s.*?\s--\s(.*)$", line)
        if not m:
            continue
        rest = re.split(r"\s(?:\d?>|\|)", " " + m.group(1))[0]
        rest = rest.replace("%win_flags", win).strip()
        if "%" in rest:
            continue
        return rest.split()
    return list(rtools.WIN_FLAGS)


def collect_seeds(root, work):
    seeds = []
    dirs = [os.path.join(root, "test", "checkers"), os.path.join(root, "test", "robustness"),
            os.path.join(root, "examples")]
    paths = []
    for d in dirs:
        for dp, dns, fns in os.walk(d):
            dns[:] = sorted(x for x in dns if x != "Output")
            for fn in sorted(fns):
                if fn.endswith((".c", ".cpp")):
                    paths.append(os.path.join(dp, fn))
    for p in sorted(paths):
        text = open(p, encoding="utf-8", errors="replace").read()
        sd = Seed(os.path.relpath(p, root), text, flags_from_run_lines(text),
                  os.path.splitext(p)[1])
        # a test that expects the file not to compile (RUN: not ...)
        sd.compiles = not re.search(r"RUN:\s*not\s", text)
        seeds.append(sd)
    # Small generated functions: many statements, gotos, loops, deep nesting.
    inputs = os.path.join(root, "test", "robustness", "Inputs")
    gens = [("gen_huge.py", ["120", "4"]), ("gen_huge.py", ["120", "6", "--leak"]),
            ("gen_huge.py", ["60", "5", "--interleaved"]),
            ("gen_pathological.py", ["--depth", "12", "--branches", "40", "--loop-every", "3",
                                     "--exit-every", "2"])]
    for i, (g, args) in enumerate(gens):
        gp = os.path.join(inputs, g)
        if not os.path.exists(gp):
            continue
        text = subprocess.run([sys.executable, gp] + args, check=True,
                              capture_output=True, text=True).stdout
        seeds.append(Seed("generated/%s-%d.c" % (g[:-3], i), text, list(rtools.WIN_FLAGS), ".c"))
    return seeds


# ---------------------------------------------------------------- mutations

def render(toks):
    return " ".join(t for _, t in toks)


class Mutant:
    def __init__(self, seed):
        self.seed = seed
        self.lines = list(seed.lines)
        self.tokens = [list(t) if t is not None else None for t in seed.tokens]
        self.ops = []

    def body_lines(self):
        return [i for i, t in enumerate(self.tokens) if t]

    def set_tokens(self, i, toks):
        self.tokens[i] = toks
        self.lines[i] = render(toks)

    def insert_line(self, i, text):
        self.lines.insert(i, text)
        self.tokens.insert(i, tokenize(text))

    def text(self):
        return "\n".join(self.lines) + "\n"


def pick_token(rng, m, kinds=None):
    lines = m.body_lines()
    for _ in range(20):
        i = rng.choice(lines)
        toks = m.tokens[i]
        cand = [j for j, (k, _) in enumerate(toks) if kinds is None or k in kinds]
        if cand:
            return i, rng.choice(cand)
    return None


def op_delete_token(rng, m, pool):
    p = pick_token(rng, m)
    if p:
        i, j = p
        toks = m.tokens[i]
        m.set_tokens(i, toks[:j] + toks[j + 1:])


def op_duplicate_token(rng, m, pool):
    p = pick_token(rng, m)
    if p:
        i, j = p
        toks = m.tokens[i]
        m.set_tokens(i, toks[:j + 1] + toks[j:])


def op_swap_tokens(rng, m, pool):
    a, b = pick_token(rng, m), pick_token(rng, m)
    if a and b:
        (i, j), (k, l) = a, b
        if rng.random() < 0.5:  # neighbours are more likely to still parse
            k, l = i, min(j + 1, len(m.tokens[i]) - 1)
        ti, tk = m.tokens[i], m.tokens[k]
        x, y = ti[j], tk[l]
        ti = list(ti)
        ti[j] = y
        m.set_tokens(i, ti)
        tk = list(m.tokens[k])
        tk[l] = x
        m.set_tokens(k, tk)


def replace_token(rng, m, kinds, new_token):
    """Replaces one random token of the given kinds with new_token(), which
    is called (and draws from rng) only once a token has been picked."""
    p = pick_token(rng, m, kinds)
    if p:
        i, j = p
        toks = list(m.tokens[i])
        toks[j] = new_token()
        m.set_tokens(i, toks)


def op_replace_ident(rng, m, pool):
    def ident():
        src = m.seed.idents if m.seed.idents and rng.random() < 0.7 else pool
        return ("id", rng.choice(src))
    replace_token(rng, m, ("id",), ident)


def op_ident_to_number(rng, m, pool):
    replace_token(rng, m, ("id",), lambda: ("num", rng.choice(INTERESTING_NUMBERS)))


def op_number(rng, m, pool):
    replace_token(rng, m, ("num",), lambda: ("num", rng.choice(INTERESTING_NUMBERS)))


def op_operator(rng, m, pool):
    p = pick_token(rng, m, ("op",))
    if p:
        i, j = p
        toks = list(m.tokens[i])
        t = toks[j][1]
        for group in OPERATOR_SWAPS:
            if t in group:
                toks[j] = ("op", rng.choice(group))
                break
        else:
            if t == "(" and rng.random() < 0.5:
                toks.insert(j + 1, ("op", "!"))
            else:
                return
        m.set_tokens(i, toks)


def op_delete_line(rng, m, pool):
    lines = m.body_lines()
    i = rng.choice(lines)
    del m.lines[i]
    del m.tokens[i]


def op_duplicate_line(rng, m, pool):
    i = rng.choice(m.body_lines())
    m.lines.insert(i, m.lines[i])
    m.tokens.insert(i, list(m.tokens[i]))


def op_swap_lines(rng, m, pool):
    lines = m.body_lines()
    i = rng.choice(lines)
    k = rng.choice(lines) if rng.random() < 0.5 else min(i + 1, len(m.lines) - 1)
    if m.tokens[k] is None:
        return
    m.lines[i], m.lines[k] = m.lines[k], m.lines[i]
    m.tokens[i], m.tokens[k] = m.tokens[k], m.tokens[i]


def op_move_line(rng, m, pool):
    lines = m.body_lines()
    i = rng.choice(lines)
    line, toks = m.lines.pop(i), m.tokens.pop(i)
    k = rng.choice(m.body_lines() or [i])
    m.lines.insert(k, line)
    m.tokens.insert(k, toks)


def op_unbalance(rng, m, pool):
    if rng.random() < 0.5:
        p = pick_token(rng, m, ("op",))
        if p:
            i, j = p
            toks = m.tokens[i]
            if toks[j][1] in "{}()[]":
                m.set_tokens(i, toks[:j] + toks[j + 1:])
                return
    i = rng.choice(m.body_lines())
    toks = list(m.tokens[i])
    toks.insert(rng.randrange(len(toks) + 1), ("op", rng.choice("{}{}()")))
    m.set_tokens(i, toks)


def op_insert_jump(rng, m, pool):
    lines = m.body_lines()
    label = "L%d" % rng.randrange(1000)
    kind = rng.randrange(6)
    i = rng.choice(lines)
    if kind == 0:
        m.insert_line(i, "goto %s;" % label)
        m.insert_line(rng.choice(m.body_lines()), "%s: ;" % label)
    elif kind == 1:
        m.insert_line(i, "%s:" % label)
        m.insert_line(rng.choice(m.body_lines()), "if (%s) goto %s;" % (
            rng.choice(m.seed.idents or pool), label))
    else:
        stmt = rng.choice(["return;", "return 0;", "return -1;", "break;", "continue;",
                           "return %s;" % rng.choice(m.seed.idents or pool)])
        if rng.random() < 0.5:
            stmt = "if (%s) %s" % (rng.choice(m.seed.idents or pool), stmt)
        m.insert_line(i, stmt)


def op_wrap(rng, m, pool):
    lines = m.body_lines()
    i = rng.choice(lines)
    n = min(len(m.lines) - i, rng.choice([1, 1, 2, 3, 5]))
    x = rng.choice(m.seed.idents or pool)
    head, tail = rng.choice([
        ("while (%s) {" % x, "}"), ("for (;;) {", "}"), ("do {", "} while (%s);" % x),
        ("if (%s) {" % x, "}"), ("if (!%s) {" % x, "} else { }"),
        ("switch (%s) { case 0: default: {" % x, "} }"), ("{", "}"),
        ("for (int i_ = 0; i_ < %s; i_++) {" % x, "}")])
    m.insert_line(i + n, tail)
    m.insert_line(i, head)


def op_splice(rng, m, pool, seeds=None):
    other = rng.choice(seeds) if seeds else m.seed
    if not other.body:
        return
    k = rng.choice(other.body)
    n = rng.choice([1, 1, 2, 4])
    i = rng.choice(m.body_lines())
    for d in range(n):
        if k + d < len(other.lines) and other.tokens[k + d]:
            m.insert_line(i + d, other.lines[k + d])


def op_assign(rng, m, pool):
    ids = m.seed.idents or pool
    a, b = rng.choice(ids), rng.choice(ids)
    stmt = rng.choice(["%s = %s;" % (a, b), "%s = 0;" % a, "memset(&%s, 0, sizeof %s);" % (a, a),
                       "%s(&%s);" % (rng.choice(EXTRA_IDENTIFIERS), a), "(void)&%s;" % a,
                       "%s = &%s;" % (a, b), "%s++;" % a])
    m.insert_line(rng.choice(m.body_lines()), stmt)


CHAOS_OPERATORS = [
    (op_delete_token, 6), (op_duplicate_token, 4), (op_swap_tokens, 5), (op_replace_ident, 10),
    (op_ident_to_number, 3), (op_number, 3), (op_operator, 6), (op_delete_line, 10),
    (op_duplicate_line, 8), (op_swap_lines, 6), (op_move_line, 6), (op_unbalance, 4),
    (op_insert_jump, 10), (op_wrap, 8), (op_splice, 6), (op_assign, 6),
]


# ------------------------------------------------- structured mutations
#
# Most random edits do not compile, and the engine does not analyse a
# translation unit with errors. These operators work on whole statements of
# function bodies and keep the code well-formed most of the time: statements
# deleted, duplicated, swapped or moved within their function, wrapped in
# loops/switches/conditions on the function's own status variables, jumps
# and early returns, SSPI calls on the function's own handle variables,
# variables replaced by others of the same type, operators and constants
# changed.

TYPE_WORDS = {"int", "char", "long", "short", "unsigned", "signed", "float", "double",
              "void", "const", "volatile", "static", "struct", "enum", "union", "bool",
              "auto", "register", "BOOL", "DWORD", "ULONG", "LONG", "SECURITY_STATUS",
              "TimeStamp", "SecBuffer", "SecBufferDesc", "CtxtHandle", "CredHandle",
              "SecHandle", "PCtxtHandle", "PCredHandle", "PSecHandle", "HANDLE", "size_t",
              "unsigned", "char", "wchar_t", "SEC_CHAR", "SEC_WCHAR", "LPSTR", "LPWSTR"}
HANDLE_TYPES = {"CtxtHandle": "SecHandle", "CredHandle": "SecHandle", "SecHandle": "SecHandle",
                "_SecHandle": "SecHandle", "PCtxtHandle": "SecHandle*",
                "PCredHandle": "SecHandle*", "PSecHandle": "SecHandle*"}
STATUS_NAME = re.compile(r"^(st\d*|status\d*|ss|sec_?status|ret|rc|res|result|hr|s\d*|scRet|sspi_status)$",
                         re.I)


class Unit:
    __slots__ = ("lines", "toks", "kind", "func", "depth", "loop", "first", "scope")

    def __init__(self, lines, toks):
        self.lines, self.toks = lines, toks
        self.kind, self.func, self.depth, self.loop = "other", -1, 0, False
        self.first = toks[0][1] if toks else ""
        self.scope = {}  # local variables visible before this unit: name -> type

    def copy(self, kind=None):
        u = Unit(list(self.lines), list(self.toks))
        u.kind, u.func, u.depth, u.loop, u.scope = (kind or self.kind), self.func, \
            self.depth, self.loop, self.scope
        return u

    def uses(self):
        return {t for k, t in self.toks if k == "id"}

    def text(self):
        return "\n".join(self.lines)


def split_units(lines):
    units, cur, toks, depth = [], [], [], 0
    cont = False
    for line in lines:
        s = line.strip()
        if not cur and (s.startswith("#") or cont):
            u = Unit([line], [])
            u.kind = "pp"
            units.append(u)
            cont = s.endswith("\\")
            continue
        if not cur and not s:
            u = Unit([line], [])
            u.kind = "blank"
            units.append(u)
            continue
        t = tokenize(line)
        cur.append(line)
        toks.extend(t)
        for _, x in t:
            if x in "([":
                depth += 1
            elif x in ")]":
                depth -= 1
        last = toks[-1][1] if toks else ""
        label = len(toks) >= 2 and toks[-1][1] == ":" and (
            len(toks) == 2 or toks[0][1] in ("case", "default", "public", "private", "protected"))
        if depth <= 0 and (last in (";", "{", "}") or label):
            units.append(Unit(cur, toks))
            cur, toks, depth = [], [], 0
    if cur:
        units.append(Unit(cur, toks))
    return units


def split_commas(vals, stop_at_close=False):
    """vals split on the commas outside brackets; with stop_at_close, up to
    the bracket that closes one opened before vals (a parameter list)."""
    parts, cur, d = [], [], 0
    for v in vals:
        if v in "([{":
            d += 1
        elif v in ")]}":
            if d == 0 and stop_at_close:
                break
            d -= 1
        if v == "," and d == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(v)
    parts.append(cur)
    return parts


def declarators(toks):
    """[(name, type key)] of a declaration's tokens, or []."""
    vals = [t for _, t in toks]
    if not vals or vals[-1] != ";":
        return []
    parts = split_commas(vals[:-1])
    out, base = [], None
    for i, part in enumerate(parts):
        if "=" in part:
            part = part[:part.index("=")]
        if "[" in part:
            part = part[:part.index("[")]
        if "(" in part:
            return out
        ids = [j for j, v in enumerate(part) if re.match(r"[A-Za-z_]\w*$", v)]
        if not ids:
            return out
        name = part[ids[-1]]
        typ = [v for v in part[:ids[-1]] if v not in ("static", "const", "volatile", "register",
                                                      "struct", "auto")]
        if i == 0:
            base = [v for v in typ if v != "*"]
            if not base:
                return []
        else:
            typ = base + [v for v in typ if v == "*"]
        key = " ".join(v for v in typ if v != "*")
        stars = typ.count("*")
        if key in HANDLE_TYPES:
            h = HANDLE_TYPES[key]
            stars += h.count("*")
            key = h.rstrip("*")
        out.append((name, key + "*" * stars))
    return out


def is_decl(toks):
    vals = [t for _, t in toks]
    if not vals or vals[0] in ("return", "goto", "break", "continue", "if", "while", "for",
                               "do", "switch", "case", "default", "else", "delete", "throw"):
        return False
    if vals[0] in TYPE_WORDS:
        return True
    # ID [*...] ID (= ; , [)  or  ID :: ID ... ID (= ;)
    i = 0
    while i + 2 < len(vals) and vals[i + 1] == "::":
        i += 2
    if re.match(r"[A-Za-z_]\w*$", vals[i]):
        j = i + 1
        if j < len(vals) and vals[j] == "<":  # template arguments
            d = 0
            while j < len(vals):
                d += vals[j] == "<"
                d -= vals[j] == ">"
                j += 1
                if d == 0:
                    break
        while j < len(vals) and vals[j] in ("*", "&", "const"):
            j += 1
        if j + 1 < len(vals) and re.match(r"[A-Za-z_]\w*$", vals[j]) and \
                vals[j + 1] in ("=", ";", ",", "[", "(", "{"):
            return vals[j + 1] != "(" or vals[i] in TYPE_WORDS
    return False


class Shape:
    """A seed cut into statement units, with functions and typed variables."""

    def __init__(self, lines):
        self.units = split_units(lines)
        self.funcs = {}   # id -> {"void": bool, "vars": {name: type}}
        stack = []        # region kinds: func / block / loop / class / other
        scopes = []       # per open region: the local variables it declares
        fid = -1
        for u in self.units:
            infunc = any(k in ("func", "block", "loop") for k in stack)
            u.depth = len(stack)
            u.loop = "loop" in stack
            if infunc:
                u.func = fid
                u.scope = {}
                for sc in scopes:
                    u.scope.update(sc)
            vals = [t for _, t in u.toks]
            if u.kind in ("pp", "blank"):
                continue
            opened_func = False
            for idx, v in enumerate(vals):
                if v == "{":
                    if infunc or opened_func:
                        stack.append("loop" if vals[0] in ("while", "for", "do") and
                                     "{" not in vals[:idx] else "block")
                        scopes.append({})
                    elif ")" in vals[:idx] and "=" not in vals[:idx] and vals[0] not in (
                            "struct", "enum", "union", "typedef", "namespace", "extern"):
                        fid += 1
                        opened_func = True
                        self.funcs[fid] = {"void": self._void(vals), "vars": {}}
                        stack.append("func")
                        scopes.append(self._params(vals, fid))
                    elif vals[0] in ("class", "struct", "namespace") or \
                            (vals[0] == "extern" and len(vals) > 1 and vals[1].startswith('"')):
                        stack.append("class")
                        scopes.append({})
                    else:
                        stack.append("other")
                        scopes.append({})
                elif v == "}" and stack:
                    stack.pop()
                    scopes.pop()
            if opened_func:
                u.kind = "fhead"
                u.func = fid
                continue
            if not infunc:
                continue
            if vals[0] in ("case", "default") or (len(vals) == 2 and vals[1] == ":"):
                u.kind = "label"
            elif vals[0] == "}":
                u.kind = "close"
            elif vals[-1] == "{":
                u.kind = "open" if vals[0] != "else" else "other"
            elif vals[0] == "else" or "{" in vals or "}" in vals:
                u.kind = "other"
            elif is_decl(u.toks):
                u.kind = "decl"
                for name, typ in declarators(u.toks):
                    self.funcs[fid]["vars"][name] = typ
                    if scopes:
                        scopes[-1][name] = typ
            elif vals[-1] == ";":
                u.kind = "stmt"

    @staticmethod
    def _void(vals):
        i = vals.index("(") if "(" in vals else 0
        head = vals[:i]
        return "void" in head and "*" not in head

    def _params(self, vals, fid):
        if "(" not in vals:
            return
        parts = split_commas(vals[vals.index("(") + 1:], stop_at_close=True)
        params = {}
        for part in parts:
            if len(part) >= 2 and re.match(r"[A-Za-z_]\w*$", part[-1]):
                decl = declarators([("x", v) for v in part] + [("op", ";")])
                for name, typ in decl:
                    self.funcs[fid]["vars"][name] = typ
                    params[name] = typ
        return params


class SMutant:
    def __init__(self, seed):
        self.seed = seed
        if not hasattr(seed, "shape"):
            seed.shape = Shape(seed.lines)
        sh = seed.shape
        self.units = [u.copy() for u in sh.units]
        self.funcs = sh.funcs
        self.cpp = seed.ext != ".c"
        self.ops = []
        self.label = 0
        self.cond_decl = False

    def where(self, kinds, func=None):
        return [i for i, u in enumerate(self.units)
                if u.kind in kinds and u.func >= 0 and (func is None or u.func == func)]

    def pick(self, rng, kinds):
        """(index, unit) of a random unit of one of the kinds, (None, None)
        when there is none."""
        c = self.where(kinds)
        if not c:
            return None, None
        i = rng.choice(c)
        return i, self.units[i]

    def new_unit(self, text, like, kind="stmt"):
        u = Unit([text], tokenize(text))
        u.kind, u.func, u.depth, u.loop, u.scope = kind, like.func, like.depth, like.loop, \
            like.scope
        return u

    def fits(self, u, at):
        """Can unit u go before unit `at`: same function, and every local
        variable u uses is visible there with the same type."""
        dst = self.units[at]
        if dst.func != u.func:
            return False
        if not dst.loop and any(t in ("break", "continue") for _, t in u.toks):
            return False
        return all(dst.scope.get(n) == u.scope[n] for n in u.uses() if n in u.scope)

    def cond(self, rng, like):
        """A condition: a status variable visible at unit `like` tested, or
        an opaque call."""
        vs = like.scope
        status = [n for n, t in vs.items() if STATUS_NAME.match(n) or t in (
            "SECURITY_STATUS", "LONG", "HRESULT")]
        ints = [n for n, t in vs.items() if t in ("int", "BOOL", "DWORD", "ULONG", "bool")]
        r = rng.random()
        if status and r < 0.5:
            x = rng.choice(status)
            return rng.choice(["%s == SEC_E_OK" % x, "%s != SEC_E_OK" % x, "FAILED(%s)" % x,
                               "SUCCEEDED(%s)" % x, "%s == SEC_I_CONTINUE_NEEDED" % x,
                               "%s < 0" % x, "!%s" % x, x])
        if ints and r < 0.7:
            x = rng.choice(ints)
            return rng.choice([x, "!%s" % x, "%s > 0" % x, "%s == 1" % x])
        self.cond_decl = True
        return "fuzz_cond(%d)" % rng.randrange(100)

    def text(self):
        lines = []
        for u in self.units:
            lines.extend(u.lines)
        if self.cond_decl:
            lines.insert(0, "int fuzz_cond(int);")
        return "\n".join(lines) + "\n"


def sop_delete(rng, m):
    c = m.where(("stmt",))
    if c:
        del m.units[rng.choice(c)]


def sop_duplicate(rng, m):
    c = m.where(("stmt",))
    if c:
        i = rng.choice(c)
        m.units.insert(i + rng.choice([0, 1]), m.units[i].copy())


def sop_swap(rng, m):
    c = m.where(("stmt",))
    if len(c) < 2:
        return
    i = rng.choice(c)
    same = [j for j in c if j != i and m.fits(m.units[i], j) and m.fits(m.units[j], i)]
    if same:
        j = rng.choice(same)
        a, b = m.units[i], m.units[j]
        a.scope, b.scope = b.scope, a.scope  # each now sits where the other was
        a.depth, b.depth = b.depth, a.depth
        a.loop, b.loop = b.loop, a.loop
        m.units[i], m.units[j] = b, a


def insertion_points(m, func):
    """Places a statement can go before: any statement, declaration, label
    or block end of the function (not before its header)."""
    return m.where(("stmt", "decl", "open", "close", "label"), func)


def sop_move(rng, m):
    c = m.where(("stmt",))
    if not c:
        return
    i = rng.choice(c)
    u = m.units.pop(i)
    pts = [j for j in insertion_points(m, u.func) if m.fits(u, j)]
    if pts:
        j = rng.choice(pts)
        at = m.units[j]
        u.scope, u.depth, u.loop = at.scope, at.depth, at.loop
        m.units.insert(j, u)
    else:
        m.units.insert(i, u)


def sop_wrap(rng, m):
    i, u = m.pick(rng, ("stmt",))
    if u is None:
        return
    n = 1
    while n < 4 and i + n < len(m.units) and m.units[i + n].kind == "stmt" and \
            m.units[i + n].depth == u.depth and rng.random() < 0.5:
        n += 1
    x = m.cond(rng, u)
    head, tail = rng.choice([
        ("if (%s) {" % x, "}"), ("if (%s) {" % x, "} else {\n}"), ("while (%s) {" % x, "}"),
        ("do {", "} while (%s);" % x), ("for (;;) {", "if (%s) break;\n}" % x),
        ("switch (%d) { case 0: default: {" % rng.randrange(3), "} }"),
        ("switch (fuzz_cond(1)) { case 1: {", "break; } default: break; }"),
        ("{", "}")])
    if "fuzz_cond" in head + tail:
        m.cond_decl = True
    m.units.insert(i + n, m.new_unit(tail, u, "other"))
    m.units.insert(i, m.new_unit(head, u, "other"))
    for k in range(i + 1, i + n + 1):
        m.units[k].depth += 1
        m.units[k].loop = m.units[k].loop or head.startswith(("while", "do", "for"))


def sop_jump(rng, m):
    i, u = m.pick(rng, ("stmt", "decl", "open", "close", "label"))
    if u is None:
        return
    f = u.func
    kind = rng.randrange(5)
    if kind <= 1:  # goto forward or backward within the function
        m.label += 1
        lab = "fuzz_l%d" % m.label
        j = rng.choice(insertion_points(m, f))
        a, b = sorted([i, j])
        ua, ub = m.units[a], m.units[b]
        jump_at_b = kind == 0
        jumper = ub if jump_at_b else ua
        jump = "goto %s;" % lab if rng.random() < 0.5 else \
            "if (%s) goto %s;" % (m.cond(rng, jumper), lab)
        m.units.insert(b, m.new_unit(jump if jump_at_b else "%s: ;" % lab, ub, "other"))
        m.units.insert(a, m.new_unit("%s: ;" % lab if jump_at_b else jump, ua, "other"))
    elif kind == 2 and u.loop:
        m.units.insert(i, m.new_unit("if (%s) %s;" % (m.cond(rng, u), rng.choice(
            ["break", "continue"])), u))
    else:
        ret = "return;" if m.funcs[f]["void"] else "return %s;" % rng.choice(["0", "-1", "1"])
        if rng.random() < 0.7:
            ret = "if (%s) %s" % (m.cond(rng, u), ret)
        m.units.insert(i, m.new_unit(ret, u))


def sop_sspi_call(rng, m):
    i, u = m.pick(rng, ("stmt", "decl", "open", "close", "label"))
    if u is None:
        return
    vs = u.scope
    hs = [n for n, t in vs.items() if t.startswith("SecHandle")]
    if not hs:
        return
    h = rng.choice(hs)
    ref = h if vs[h].endswith("*") else "&" + h
    others = [n for n in hs if n != h and vs[n] == vs[h]]
    stmt = rng.choice([
        "DeleteSecurityContext(%s);" % ref, "FreeCredentialsHandle(%s);" % ref,
        "SecInvalidateHandle(%s);" % ref, "memset(%s, 0, sizeof(SecHandle));" % ref,
        "ImpersonateSecurityContext(%s);" % ref, "RevertSecurityContext(%s);" % ref,
        "(void)%s;" % h,
        "%s = %s;" % (h, rng.choice(others)) if others else "SecInvalidateHandle(%s);" % ref,
        "if (%s) DeleteSecurityContext(%s);" % (m.cond(rng, u), ref)])
    m.units.insert(i, m.new_unit(stmt, u))


def token_units(m):
    return m.where(("stmt", "open", "decl"))


def sop_same_type(rng, m):
    c = m.where(("stmt", "open"))  # uses only: a renamed declarator is a redeclaration
    for _ in range(10):
        if not c:
            return
        i = rng.choice(c)
        u = m.units[i]
        vs = u.scope
        idx = [j for j, (k, t) in enumerate(u.toks) if k == "id" and t in vs]
        if not idx:
            continue
        j = rng.choice(idx)
        t = u.toks[j][1]
        same = [n for n, ty in vs.items() if ty == vs[t] and n != t]
        if not same:
            continue
        toks = list(u.toks)
        toks[j] = ("id", rng.choice(same))
        u.toks, u.lines = toks, [render(toks)]
        return


def sop_token(rng, m):
    c = token_units(m)
    for _ in range(10):
        if not c:
            return
        u = m.units[rng.choice(c)]
        toks = list(u.toks)
        cand = [j for j, (k, t) in enumerate(toks) if k == "num" or t in ("&&", "||") or
                (t in OPERATOR_SWAPS[0] and not (m.cpp and t in "<>"))]
        if not cand:
            continue
        j = rng.choice(cand)
        k, t = toks[j]
        if k == "num":
            toks[j] = ("num", rng.choice(INTERESTING_NUMBERS))
        else:
            g = OPERATOR_SWAPS[1] if t in ("&&", "||") else OPERATOR_SWAPS[0]
            toks[j] = ("op", rng.choice([x for x in g if not (m.cpp and x in "<>")]))
        u.toks, u.lines = toks, [render(toks)]
        return


def sop_negate(rng, m):
    c = [i for i in m.where(("open", "stmt")) if m.units[i].first in ("if", "while")]
    if c:
        u = m.units[rng.choice(c)]
        toks = list(u.toks)
        if len(toks) > 2 and toks[1][1] == "(":
            toks.insert(2, ("op", "!"))
            u.toks, u.lines = toks, [render(toks)]


def sop_splice(rng, m):
    """A statement of another function of the same seed (names such as ctx,
    cred, st recur between the tests' functions)."""
    c = m.where(("stmt",))
    pts = m.where(("stmt", "decl", "open", "close", "label"))
    if not c or not pts:
        return
    src = m.units[rng.choice(c)]
    j = rng.choice(pts)
    at = m.units[j]
    if m.cpp and at.func != src.func:
        return  # members of another class
    if not at.loop and any(t in ("break", "continue") for _, t in src.toks):
        return
    # the statement's variables must exist where it goes (by name and type)
    for n in src.uses():
        if n in src.scope and at.scope.get(n) != src.scope[n]:
            return
    d = src.copy()
    d.func, d.depth, d.loop, d.scope = at.func, at.depth, at.loop, at.scope
    m.units.insert(j, d)


STRUCT_OPERATORS = [
    (sop_delete, 10), (sop_duplicate, 8), (sop_swap, 6), (sop_move, 8), (sop_wrap, 10),
    (sop_jump, 12), (sop_sspi_call, 10), (sop_same_type, 8), (sop_token, 6), (sop_negate, 4),
    (sop_splice, 5),
]


def make_mutant(seeds, seed, index, chaos=0.25):
    """Mutant `index` of run `seed`: (seed file, text, operators). Three in
    four mutants use the structured operators (mostly still compile), one in
    four the token/line ones (exercise error recovery)."""
    rng = random.Random("%s:%d" % (seed, index))
    s = seeds[rng.randrange(len(seeds))]
    n = rng.choice([1, 1, 1, 2, 2, 3, 4, 6])
    if rng.random() >= chaos and s.compiles:
        m = SMutant(s)
        names = [f for f, _ in STRUCT_OPERATORS]
        weights = [w for _, w in STRUCT_OPERATORS]
        for _ in range(n):
            op = rng.choices(names, weights)[0]
            op(rng, m)
            m.ops.append(op.__name__[4:])
        return s, m.text(), m.ops
    m = Mutant(s)
    pool = sorted(set(EXTRA_IDENTIFIERS) | set(s.idents))
    names = [f for f, _ in CHAOS_OPERATORS]
    weights = [w for _, w in CHAOS_OPERATORS]
    for _ in range(n):
        if not m.body_lines():
            break
        op = rng.choices(names, weights)[0]
        if op is op_splice:
            op(rng, m, pool, seeds)
        else:
            op(rng, m, pool)
        m.ops.append("x-" + op.__name__[3:])
    return s, m.text(), m.ops


# ---------------------------------------------------------------- running

class Fuzzer:
    def __init__(self, a, seeds):
        self.a, self.seeds = a, seeds
        self.env = rtools.sanitizer_env() if a.sanitized else dict(os.environ)
        self.env["SSPI_TIDY_STATS"] = "1"
        self.stats = dict(mutants=0, batches=0, parsed=0, functions=0, skipped_budget=0,
                          crashes=0, sanitizer=0, hangs=0, findings=0, slowest_batch_s=0.0)
        self.problems = []

    def cmd(self, files, flags):
        return rtools.tidy_cmd(self.a.bin, files, flags, self.a.resource_dir)

    def run_batch(self, batch):
        """batch: list of (index, seed, path, ops), all with the same flags."""
        flags = batch[0][1].flags
        files = [p for _, _, p, _ in batch]
        r = rtools.run(self.cmd(files, flags), timeout=self.a.batch_timeout, env=self.env)
        res = {"n": len(batch), "seconds": r.seconds, "problems": []}
        if r.kind == "ok":
            bad = rtools.files_with_errors(r.out)
            res["parsed"] = len([f for f in files if f not in bad])
            st = rtools.Stats(r.err)
            res["functions"], res["skipped"] = st.total("analysed"), st.total("skipped")
            res["findings"] = len(rtools.warnings(r.out))
            return res
        # Something went wrong: find the mutant(s) responsible, one by one.
        res.update(parsed=0, functions=0, skipped=0, findings=0)
        for idx, s, p, ops in batch:
            r1 = rtools.run(self.cmd([p], flags), timeout=self.a.timeout, env=self.env)
            if r1.kind == "ok":
                res["parsed"] += 0 if rtools.files_with_errors(r1.out) else 1
                st = rtools.Stats(r1.err)
                res["functions"] += st.total("analysed")
                res["skipped"] += st.total("skipped")
                res["findings"] += len(rtools.warnings(r1.out))
                continue
            res["problems"].append(self.save(idx, s, p, ops, flags, r1))
        if not res["problems"]:
            # The batch failed but no mutant alone does: keep the batch.
            res["problems"].append(self.save_batch(batch, flags, r))
        return res

    def save(self, idx, s, path, ops, flags, r):
        kind = r.kind
        d = os.path.join(self.a.crash_dir, "%s-%06d" % (kind, idx))
        os.makedirs(d, exist_ok=True)
        dst = os.path.join(d, "mutant" + s.ext)
        shutil.copy(path, dst)
        cmd = self.cmd([dst], flags)
        with open(os.path.join(d, "command.sh"), "w") as f:
            f.write("#!/bin/sh\n# seed file %s, run seed %s, mutant %d, operators %s\n"
                    % (s.name, self.a.seed, idx, ",".join(ops)))
            if self.a.sanitized:
                f.write("export ASAN_OPTIONS='%s' UBSAN_OPTIONS='%s'\n"
                        % (self.env["ASAN_OPTIONS"], self.env["UBSAN_OPTIONS"]))
            f.write(" ".join("'%s'" % c for c in cmd) + "\n")
        with open(os.path.join(d, "output.txt"), "w") as f:
            f.write("exit status %s, %.1f s%s\n--- stdout\n%s\n--- stderr\n%s\n" % (
                r.rc, r.seconds, " (timed out)" if r.timed_out else "", r.out, r.err))
        info = {"kind": kind, "mutant": idx, "seed_file": s.name, "ops": ops, "dir": d,
                "signature": r.signature()}
        if kind != "hang" and self.a.minimize > 0:
            info["minimized"] = self.minimize(dst, flags, kind, d)
        return info

    def save_batch(self, batch, flags, r):
        d = os.path.join(self.a.crash_dir, "%s-batch-%06d" % (r.kind, batch[0][0]))
        os.makedirs(d, exist_ok=True)
        for idx, s, p, ops in batch:
            shutil.copy(p, d)
        with open(os.path.join(d, "output.txt"), "w") as f:
            f.write("flags: %s\nexit status %s, %.1f s\n--- stdout\n%s\n--- stderr\n%s\n"
                    % (" ".join(flags), r.rc, r.seconds, r.out, r.err))
        return {"kind": r.kind, "mutant": batch[0][0], "seed_file": "(batch)", "ops": [],
                "dir": d, "signature": r.signature()}

    def minimize(self, path, flags, kind, d):
        """Line-based delta debugging, at most --minimize runs."""
        lines = open(path).read().split("\n")
        ext = os.path.splitext(path)[1]
        tmp = os.path.join(d, "candidate" + ext)
        runs = [0]

        def fails(cand):
            if runs[0] >= self.a.minimize:
                return False
            runs[0] += 1
            with open(tmp, "w") as f:
                f.write("\n".join(cand))
            return rtools.run(self.cmd([tmp], flags), timeout=self.a.timeout,
                              env=self.env).kind == kind

        n = 2
        while len(lines) >= 2 and runs[0] < self.a.minimize:
            chunk = max(1, len(lines) // n)
            removed = False
            for start in range(0, len(lines), chunk):
                cand = lines[:start] + lines[start + chunk:]
                if cand and fails(cand):
                    lines, n, removed = cand, max(n - 1, 2), True
                    break
            if not removed:
                if chunk == 1:
                    break
                n = min(len(lines), n * 2)
        out = os.path.join(d, "minimized" + ext)
        with open(out, "w") as f:
            f.write("\n".join(lines))
        if os.path.exists(tmp):
            os.remove(tmp)
        return {"file": out, "lines": len(lines), "runs": runs[0]}

    def go(self):
        a = self.a
        mdir = os.path.join(a.work, "mutants")
        if os.path.isdir(mdir):
            shutil.rmtree(mdir)
        os.makedirs(mdir)
        os.makedirs(a.crash_dir, exist_ok=True)
        # Generate and group by compiler flags (one command line per batch).
        groups = {}
        op_counts = {}
        for i in range(a.first, a.first + a.count):
            s, text, ops = make_mutant(self.seeds, a.seed, i)
            for o in ops:
                op_counts[o] = op_counts.get(o, 0) + 1
            sub = os.path.join(mdir, "%03d" % (i // 1000))
            os.makedirs(sub, exist_ok=True)
            p = os.path.join(sub, "m%06d%s" % (i, s.ext))
            with open(p, "w") as f:
                f.write(text)
            groups.setdefault(tuple(s.flags), []).append((i, s, p, ops))
        batches = []
        for key in sorted(groups):
            g = groups[key]
            for k in range(0, len(g), a.batch):
                batches.append(g[k:k + a.batch])
        batches.sort(key=lambda b: b[0][0])
        t0 = time.monotonic()
        done = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            for res in ex.map(self.run_batch, batches):
                done += res["n"]
                st = self.stats
                st["mutants"] += res["n"]
                st["batches"] += 1
                st["parsed"] += res["parsed"]
                st["functions"] += res["functions"]
                st["skipped_budget"] += res["skipped"]
                st["findings"] += res["findings"]
                st["slowest_batch_s"] = max(st["slowest_batch_s"], round(res["seconds"], 1))
                for p in res["problems"]:
                    key = {"hang": "hangs", "sanitizer": "sanitizer"}.get(p["kind"], "crashes")
                    st[key] += 1
                    self.problems.append(p)
                    print("mutate: %s in mutant %d (%s, %s): %s -> %s" % (
                        p["kind"], p["mutant"], p["seed_file"], ",".join(p["ops"]),
                        p["signature"], p["dir"]), file=sys.stderr, flush=True)
                if a.progress and st["batches"] % a.progress == 0:
                    print("mutate: %d/%d mutants, %.0f s" % (done, a.count, time.monotonic() - t0),
                          file=sys.stderr, flush=True)
        self.stats["seconds"] = round(time.monotonic() - t0, 1)
        self.stats["operators"] = op_counts
        self.stats["seeds"] = len(self.seeds)
        self.stats["seed"] = a.seed
        self.stats["problems"] = self.problems
        if not a.keep:
            shutil.rmtree(mdir, ignore_errors=True)
        return self.stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="sspi-tidy-bin to run")
    ap.add_argument("--sanitized", action="store_true",
                    help="the binary is the ASan/UBSan build: set ASAN_OPTIONS/UBSAN_OPTIONS")
    ap.add_argument("--resource-dir", default=rtools.RESOURCE_DIR_DEFAULT)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--first", type=int, default=0, help="index of the first mutant")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--batch", type=int, default=20, help="mutants per process")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60, help="seconds per mutant run alone")
    ap.add_argument("--batch-timeout", type=float, default=None,
                    help="seconds per batch (default: the per-mutant timeout x 3)")
    ap.add_argument("--work", default=None, help="scratch directory")
    ap.add_argument("--crash-dir", default=None)
    ap.add_argument("--minimize", type=int, default=60, help="runs allowed to minimise a crash")
    ap.add_argument("--json", help="write the summary here")
    ap.add_argument("--keep", action="store_true", help="keep the mutants")
    ap.add_argument("--progress", type=int, default=0, help="progress line every N batches")
    ap.add_argument("--emit", type=int, help="write mutant N to stdout (its flags to stderr)")
    ap.add_argument("--root", default=ROOT)
    a = ap.parse_args()
    work = a.work or os.path.join("/tmp", "sspi-mutate-%d" % os.getpid())
    a.work = work
    os.makedirs(work, exist_ok=True)
    seeds = collect_seeds(a.root, work)
    if a.emit is not None:
        s, text, ops = make_mutant(seeds, a.seed, a.emit)
        sys.stdout.write(text)
        print("seed file %s (%s), operators %s, flags: %s" % (s.name, s.ext, ",".join(ops),
                                                             " ".join(s.flags)), file=sys.stderr)
        return 0
    if not a.bin:
        ap.error("--bin is required")
    a.bin = os.path.abspath(a.bin)
    a.crash_dir = a.crash_dir or os.path.join(work, "crashes")
    if a.batch_timeout is None:
        a.batch_timeout = a.timeout * 3
    st = Fuzzer(a, seeds).go()
    line = ("mutate: %d mutants (%d seeds, seed %s), %d parsed, %d functions analysed "
            "(%d skipped by budget), %d findings, %d crashes, %d sanitizer reports, %d hangs, %.0f s"
            % (st["mutants"], st["seeds"], a.seed, st["parsed"], st["functions"],
               st["skipped_budget"], st["findings"], st["crashes"], st["sanitizer"], st["hangs"],
               st["seconds"]))
    print(line)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(st, f, indent=1)
    return 0 if st["crashes"] + st["sanitizer"] + st["hangs"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
