"""Which function a line of a C or C++ file belongs to, without a compiler.

The harness needs the function of each finding (clang-tidy prints only a
location) so that findings can be compared across revisions and with the
reviewed list by (file, function, check). This reads the file as text:
comments, strings and preprocessor lines are blanked (line numbers kept),
the branches of an #if whose braces do not balance are reduced to the first
(an #if 0 to its #else), and braces are matched. A '{' at file level, or
directly in a namespace, an extern "C" block, a class or a struct, opens a
function body when what precedes it ends with a parameter list, possibly
followed by qualifiers (const, noexcept, override, ...) or a constructor's
member initialisers. Names are qualified with the enclosing namespaces and
classes and the 'Class::' of an out-of-line definition, as the engine's
SSPI_TIDY_STATS lines print them (Poco::Net::Context::~Context); a lambda
or a local class is part of its enclosing function.
"""
import re

TOKEN_RE = re.compile(r"""
    (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d[\w.]*)
  | (?P<op>::|->|[{}()\[\];,:<>=~!&|*+\-/%^?.#])
  | (?P<ws>\s+)
  | (?P<other>.)
""", re.X)

QUALIFIERS = {"const", "volatile", "noexcept", "override", "final", "mutable", "throw",
              "&", "&&", "try"}
NOT_A_NAME = {"if", "while", "for", "switch", "return", "sizeof", "catch", "do", "else",
              "__attribute__", "__declspec", "alignas", "decltype", "defined"}


def blank(text):
    """Comments, string and character literals replaced by spaces (newlines
    kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "/" and i + 1 < n and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r"[^\n]", " ", text[i + 1:j - 1]) + (c if j - 1 > i else ""))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def preprocess(text):
    """Lines, with preprocessor lines (and their continuations) blanked and
    unbalanced #if branches reduced as described above."""
    lines = blank(text).split("\n")
    # directive lines, joined continuations
    kinds = [None] * len(lines)
    i = 0
    while i < len(lines):
        s = lines[i].lstrip()
        if s.startswith("#"):
            m = re.match(r"#\s*(\w+)\s*(.*)", s)
            kinds[i] = (m.group(1), m.group(2).strip()) if m else ("", "")
            j = i
            while lines[j].rstrip().endswith("\\") and j + 1 < len(lines):
                j += 1
                kinds[j] = ("cont", "")
            for k in range(i, j + 1):
                lines[k] = ""
            i = j + 1
        else:
            i += 1
    # #if groups: [start, [(branch start, branch end, is_zero)], end]
    keep = [True] * len(lines)
    stack = []

    def close(group, end):
        branches = group["branches"]
        branches[-1][1] = end
        deltas = [sum(l.count("{") - l.count("}") for l in lines[a + 1:b]) for a, b, _ in branches]
        zero_first = branches[0][2]
        if zero_first:  # #if 0: the code is not compiled
            for k in range(branches[0][0] + 1, branches[0][1]):
                keep[k] = False
        elif any(deltas) and len(branches) > 1:
            for a, b, _ in branches[1:]:
                for k in range(a + 1, b):
                    keep[k] = False

    for i, kd in enumerate(kinds):
        if not kd:
            continue
        d, arg = kd
        if d in ("if", "ifdef", "ifndef"):
            stack.append({"branches": [[i, None, d == "if" and arg in ("0", "(0)")]]})
        elif d in ("elif", "else") and stack:
            stack[-1]["branches"][-1][1] = i
            stack[-1]["branches"].append([i, None, False])
        elif d == "endif" and stack:
            close(stack.pop(), i)
    return [l if keep[i] else "" for i, l in enumerate(lines)]


def tokens(lines):
    """(line number from 1, token) of every token."""
    out = []
    for no, line in enumerate(lines, 1):
        for m in TOKEN_RE.finditer(line):
            if m.lastgroup not in ("ws",):
                out.append((no, m.group(0)))
    return out


def _match_back(toks, close_i, open_t, close_t):
    """Index of the token that opens the bracket closed at close_i."""
    d = 0
    for i in range(close_i, -1, -1):
        t = toks[i][1]
        if t == close_t:
            d += 1
        elif t == open_t:
            d -= 1
            if d == 0:
                return i
    return -1


def _strip_tail(head):
    """head without what may follow a parameter list: qualifiers,
    noexcept(...)/throw(...), __attribute__((...)), a trailing return type,
    member initialisers. Returns the remaining tokens (ending with the
    parameter list's ')') or None."""
    h = list(head)
    # member initialisers: a top-level ':' (not '::') after a ')'
    depth = 0
    for i, (_, t) in enumerate(h):
        if t in "([{<":
            depth += t != "<"
        elif t in ")]}":
            depth -= 1
        elif t == ":" and depth == 0 and i > 0 and any(x == ")" for _, x in h[:i]):
            h = h[:i]
            break
    # trailing return type
    for i, (_, t) in enumerate(h):
        if t == "->" and any(x == ")" for _, x in h[:i]):
            h = h[:i]
            break
    while h:
        t = h[-1][1]
        if t in QUALIFIERS or re.match(r"[A-Z][A-Z0-9_]*$", t):  # const, ..., a macro (WINAPI)
            h.pop()
            continue
        if t == ")":
            j = _match_back(h, len(h) - 1, "(", ")")
            if j > 0 and h[j - 1][1] in ("noexcept", "throw", "__attribute__", "__declspec"):
                h = h[:j - 1]
                continue
            if j > 1 and h[j - 1][1] == "(" and h[j - 2][1] == "__attribute__":
                h = h[:j - 2]
                continue
            return h
        return None
    return None


def _declared_name(h):
    """The (possibly qualified) name before the parameter list at the end of
    h, or None."""
    j = _match_back(h, len(h) - 1, "(", ")")
    if j <= 0:
        return None
    k = j - 1
    t = h[k][1]
    parts = []
    if re.match(r"[A-Za-z_]\w*$", t) and t not in NOT_A_NAME:
        if k > 0 and h[k - 1][1] == "~":
            parts.append("~" + t)
            k -= 2
        elif k > 0 and h[k - 1][1] == "operator":
            parts.append("operator " + t)
            k -= 2
        else:
            parts.append(t)
            k -= 1
    else:
        # operator==, operator(), operator[] ...
        m = k
        while m >= 0 and h[m][1] != "operator" and k - m < 3:
            m -= 1
        if m >= 0 and h[m][1] == "operator":
            parts.append("operator" + "".join(x for _, x in h[m + 1:k + 1]))
            k = m - 1
        else:
            return None
    # template arguments of a qualifier: A<T>::f
    while k >= 1 and h[k][1] == "::":
        k -= 1
        if h[k][1] == ">":
            d = 0
            while k >= 0:
                d += h[k][1] == ">"
                d -= h[k][1] == "<"
                k -= 1
                if d == 0:
                    break
        if k >= 0 and re.match(r"[A-Za-z_]\w*$", h[k][1]):
            parts.append(h[k][1])
            k -= 1
        else:
            break
    return "::".join(reversed(parts))


class Function:
    __slots__ = ("name", "start", "end")

    def __init__(self, name, start, end):
        self.name, self.start, self.end = name, start, end

    def __repr__(self):
        return "%s:%d-%d" % (self.name, self.start, self.end)


def functions(text):
    """The function definitions of a file: [Function(name, first line, last
    line)], the first line being the one of the name."""
    toks = tokens(preprocess(text))
    out = []
    scopes = []  # names of the enclosing namespaces and classes (None: anonymous)
    stack = []   # per open brace: "scope" | "body" | "other"
    head_start = 0
    i = 0
    while i < len(toks):
        no, t = toks[i]
        if t in (";", "}") and not stack_in_body(stack):
            if t == "}" and stack:
                kind = stack.pop()
                if kind == "scope":
                    scopes.pop()
            head_start = i + 1
            i += 1
            continue
        if t == "{" and not stack_in_body(stack):
            head = toks[head_start:i]
            kind, name = classify(head)
            if kind == "body":
                qual = [s for s in scopes if s]
                fname = "::".join(qual + [name]) if name else "?"
                # find the end of the body
                d, j = 0, i
                while j < len(toks):
                    if toks[j][1] == "{":
                        d += 1
                    elif toks[j][1] == "}":
                        d -= 1
                        if d == 0:
                            break
                    j += 1
                start = next((n for n, x in head if x == name.split("::")[-1].split(" ")[-1]),
                             head[0][0] if head else no)
                out.append(Function(fname, start, toks[min(j, len(toks) - 1)][0]))
                i = j + 1
                head_start = i
                continue
            stack.append(kind)
            if kind == "scope":
                scopes.append(name)
            head_start = i + 1
            i += 1
            continue
        i += 1
    return out


def stack_in_body(stack):
    return False  # bodies are skipped whole in functions()


def classify(head):
    """('scope', name) for namespace/extern "C"/class/struct/union heads,
    ('body', name) for a function definition's head, ('other', None)."""
    words = [t for _, t in head]
    if not words:
        return "other", None
    if words[0] == "namespace" or (words[0] == "inline" and words[1:2] == ["namespace"]):
        name = "::".join(w for w in words if re.match(r"[A-Za-z_]\w*$", w) and w not in
                         ("namespace", "inline"))
        return "scope", name or None
    if words[0] == "extern" and len(words) <= 2:
        return "scope", None
    if "=" in words and ")" not in words[words.index("="):]:
        return "other", None
    for kw in ("class", "struct", "union"):
        if kw in words and "(" not in words:
            k = words.index(kw)
            if words[0] == "typedef" or words[0] == "enum":
                return "other", None
            name = None
            for w in words[k + 1:]:
                if w in (":", "{"):
                    break
                if re.match(r"[A-Za-z_]\w*$", w) and w not in ("final", "alignas"):
                    name = w
            return "scope", name
    if words[0] in ("enum", "typedef") or "enum" in words[:3]:
        return "other", None
    h = _strip_tail(head)
    if not h:
        return "other", None
    name = _declared_name(h)
    if not name:
        return "other", None
    return "body", name


def function_at(funcs, line):
    """The name of the function whose lines contain line, or None."""
    best = None
    for f in funcs:
        if f.start <= line <= f.end and (best is None or f.start >= best.start):
            best = f
    return best.name if best else None


if __name__ == "__main__":
    import sys
    for path in sys.argv[1:]:
        with open(path, errors="replace") as fh:
            for f in functions(fh.read()):
                print("%s:%d-%d: %s" % (path, f.start, f.end, f.name))
