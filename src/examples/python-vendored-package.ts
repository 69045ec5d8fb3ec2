import type { Example } from './types';

// A small pure-Python package, as a vendored copy of its source would sit in a project.
const INIT = `"""slugkit: URL slugs and word counts, pure Python."""
from .slug import slugify
from .words import top_words

__all__ = ["slugify", "top_words"]
__version__ = "1.2.0"
`;

const SLUG = `import re
import unicodedata


def slugify(text, separator="-"):
    """Lower-case ASCII words joined by the separator."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return separator.join(words)
`;

const WORDS = `from collections import Counter


def top_words(text, n=3):
    """The n most common words, ties in first-seen order."""
    return Counter(text.lower().split()).most_common(n)
`;

export default {
  id: 'python-vendored-package',
  title: 'Vendored pure-Python package',
  level: 'intermediate',
  demonstrates:
    'A package’s source placed in the workspace under site-packages/, which the Python engine puts on sys.path, then imported like any installed package.',
  language: 'python',
  policy: 'extended',
  files: {
    'site-packages/slugkit/__init__.py': INIT,
    'site-packages/slugkit/slug.py': SLUG,
    'site-packages/slugkit/words.py': WORDS,
  },
  code: `import slugkit

print("slugkit", slugkit.__version__, "from", slugkit.__file__)
print(slugkit.slugify("Héllo, Wörld: Sandcell 2026!"))
print(slugkit.top_words("the cat and the hat and the bat"))`,
  expected: {
    status: 'completed',
    output: ['slugkit 1.2.0 from /app/site-packages/slugkit/__init__.py', 'hello-world-sandcell-2026', "[('the', 3), ('and', 2), ('cat', 1)]"],
  },
} satisfies Example;
