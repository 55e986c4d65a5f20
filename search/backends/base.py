"""The one search interface both backends implement, and the result shape they share."""

from dataclasses import dataclass, field

from search.embedding import embed_passages, semantic_language


class SearchUnavailable(Exception):
    """The backend cannot answer right now (server down, timeout); callers may fall back."""


@dataclass
class SearchDocument:
    key: str
    doc_type: str  # faq | page | message | alert
    object_id: int
    title: str
    url: str
    body: str = ""
    snippet: str = ""
    short_answer: str = ""
    keywords: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    language: str = "en"
    boost: float = 1.0
    status: str = ""  # alerts: active | cancelled | expired
    passage_vectors: object = None  # numpy float32 (passages, dims), filled by attach_vectors
    questions: list = field(default_factory=list)  # an FAQ's question and approved wordings
    question_vectors: object = None  # numpy float32 (questions, dims), filled with the above
    group: str = ""  # the same content in other languages shares it ("faq:<translation key>")

    @property
    def text(self):
        """What the document says besides its title: short answer, keywords, body."""
        return " ".join(part for part in (self.short_answer, " ".join(self.keywords),
                                          self.body) if part)


def attach_vectors(documents):
    """Compute the passage vectors of the documents that lack them, in batches; once per
    document however many backends index it."""
    missing = [d for d in documents
               if d.passage_vectors is None and semantic_language(d.language)]
    for start in range(0, len(missing), 128):
        batch = missing[start:start + 128]
        for document, vectors in zip(batch, embed_passages(batch), strict=True):
            if vectors is None:
                return documents
            document.question_vectors, document.passage_vectors = vectors
    return documents


@dataclass
class SearchQuery:
    text: str
    language: str = "en"
    limit: int = 10
    topic: str = ""
    synonyms: list = field(default_factory=list)  # lists of alternative phrasings
    vector: object = None  # the query's embedding when its language has semantic search
    question_vector: object = None  # the same in the question view's model
    mode: str = "hybrid"  # hybrid | lexical | semantic (the last two for evaluation)
    # The search content generation the caller read (search.generation), or None: backends
    # may keep what they read of their index per generation.
    generation: object = None
    # {group: score} of the question's English gloss searched in English (search.gloss),
    # added to each candidate of the group with the language's `gloss` weight.
    gloss: dict = field(default_factory=dict)

    @property
    def semantic_on(self):
        return self.vector is not None and self.mode != "lexical"

    @property
    def lexical_on(self):
        return self.mode != "semantic" or self.vector is None


@dataclass
class SearchHit:
    doc_type: str
    object_id: int
    title: str
    url: str
    snippet: str
    score: float
    short_answer: str = ""
    key: str = ""
    status: str = ""
    language: str = ""  # set when it differs from the query's (cross-language fallback)
    group: str = ""  # the same content in other languages shares it (SearchDocument.group)

    def as_api(self):
        data = {"type": self.doc_type, "id": self.object_id, "title": self.title, "url": self.url,
                "snippet": self.snippet, "score": round(self.score, 4)}
        if self.language:
            data["language"] = self.language
        if self.doc_type == "alert":
            data["status"] = self.status or "active"
        return data


@dataclass
class SearchResults:
    hits: list
    total: int
    backend: str
    corrected: str = ""
    confident: bool = True  # the top hit is a good answer (search/ranking.py says when)


class SearchBackend:
    """index(documents), delete(keys), search(query) -> SearchResults, suggest(prefix), health()."""

    name = "base"

    def index(self, documents):
        raise NotImplementedError

    def delete(self, keys):
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix, language="en", limit=6):
        raise NotImplementedError

    def health(self):
        raise NotImplementedError
