"""Plans for cases of the public federation gateway audit that need more than one supergraph
(``tests/router/golden/audit.golden`` holds one): the conformance scenario's subgraphs, planned
on the supergraph of Apollo's composer and on ours; each expected plan is the one
@apollo/query-planner prints for the same query, unless its comment names a difference.
"""

from __future__ import annotations

import pytest

from router.errors import RequestError
from router.plan import explain
from router.service import Router
from tests.conformance.harness import ours
from tests.conformance.scenario import load_scenarios
from tests.router.test_golden import _NoClient

SCENARIOS = {s.name: s for s in load_scenarios()}

# A subgraph declaring a field with an object subtype of the supergraph's union: fragments on
# other members are dropped from its fetch, and __typename is still selected.
_SUBTYPE = (
    "audit-union-intersection",
    "{ viewer { book { __typename ... on Song { title } ... on Movie { title } ... on Book { title } } } }",
    """QueryPlan {
  Fetch(service: "a") {
    {
      viewer {
        book {
          __typename
          title
        }
      }
    }
  },
}""",
)

# A value type under a shared root field, with a field only the other subgraph resolves and no
# key to jump with: the root field is selected again in that subgraph.
_REENTER = (
    "audit-union-intersection",
    "{ viewer { aMedia { ... on Movie { title bTitle } } bMedia { ... on Movie { title bTitle } } } }",
    """QueryPlan {
  Parallel {
    Fetch(service: "a") {
      {
        viewer {
          aMedia {
            __typename
          }
        }
      }
    },
    Fetch(service: "b") {
      {
        viewer {
          bMedia {
            __typename
            ... on Movie {
              title
              bTitle
            }
          }
        }
      }
    },
  },
}""",
)

# Keys the current subgraph cannot select alone (``pid`` lives in another subgraph, and one key
# is a list of objects): the missing key fields are fetched first, like @requires fields.
# Apollo prints the same four fetches; it lists ``category { id tag }`` after ``mainProduct``.
_ASSEMBLED_KEY = (
    "audit-complex-entity-call",
    "{ topProducts { products { id pid price { price } category { mainProduct { id } id tag } }"
    " selected { id } first { id } } }",
    """QueryPlan {
  Sequence {
    Fetch(service: "products") {
      {
        topProducts {
          __typename
          products {
            __typename
            id
            category {
              id
              tag
              mainProduct {
                id
              }
            }
          }
        }
      }
    },
    Flatten(path: "topProducts.products.@") {
      Fetch(service: "link") {
        {
          ... on Product {
            __typename
            id
          }
        } =>
        {
          ... on Product {
            pid
          }
        }
      },
    },
    Parallel {
      Flatten(path: "topProducts.products.@") {
        Fetch(service: "price") {
          {
            ... on Product {
              __typename
              id
              pid
              category {
                id
                tag
              }
            }
          } =>
          {
            ... on Product {
              price {
                price
              }
            }
          }
        },
      },
      Flatten(path: "topProducts") {
        Fetch(service: "list") {
          {
            ... on ProductList {
              __typename
              products {
                id
                pid
              }
            }
          } =>
          {
            ... on ProductList {
              selected {
                id
              }
              first {
                id
              }
            }
          }
        },
      },
    },
  },
}""",
)

# A value type field only another subgraph resolves, with no key of its own: the parent entity
# jumps there and selects the path down again.
_PARENT_ENTITY = (
    "audit-parent-entity-call",
    "{ products { id category { id details { products } } } }",
    """QueryPlan {
  Sequence {
    Fetch(service: "a") {
      {
        products {
          __typename
          id
          pid
          category {
            id
          }
        }
      }
    },
    Flatten(path: "products.@") {
      Fetch(service: "c") {
        {
          ... on Product {
            __typename
            id
            pid
          }
        } =>
        {
          ... on Product {
            category {
              details {
                products
              }
            }
          }
        }
      },
    },
  },
}""",
)

# The parent entity's key is external in both subgraphs holding ``category``: each is entered
# from the root fetch, next to the other. Apollo prints the two parallel branches the other way.
_SIBLING_ENTITY = (
    "audit-parent-entity-call-complex",
    '{ productFromD(id: "1") { id name category { id name details } } }',
    """QueryPlan {
  Sequence {
    Fetch(service: "d") {
      {
        productFromD(id: "1") {
          __typename
          id
          name
        }
      }
    },
    Parallel {
      Sequence {
        Flatten(path: "productFromD") {
          Fetch(service: "b") {
            {
              ... on Product {
                __typename
                id
              }
            } =>
            {
              ... on Product {
                category {
                  __typename
                  id
                }
              }
            }
          },
        },
        Flatten(path: "productFromD.category") {
          Fetch(service: "c") {
            {
              ... on Category {
                __typename
                id
              }
            } =>
            {
              ... on Category {
                name
              }
            }
          },
        },
      },
      Flatten(path: "productFromD") {
        Fetch(service: "a") {
          {
            ... on Product {
              __typename
              id
            }
          } =>
          {
            ... on Product {
              category {
                details
              }
            }
          }
        },
      },
    },
  },
}""",
)

# @requires with an argument next to the client's selection of the same field with another:
# the required one is aliased. DIVERGENCE: Apollo selects ``comments(limit: 3)`` from "c", where
# the field is @external (two fetches); this plan takes it from "d", which resolves it.
_REQUIRES_ARGUMENT = (
    "audit-requires-with-argument",
    "{ feed { author { id } comments(limit: 1) { id } } }",
    """QueryPlan {
  Sequence {
    Fetch(service: "c") {
      {
        feed {
          __typename
          id
        }
      }
    },
    Flatten(path: "feed.@") {
      Fetch(service: "d") {
        {
          ... on Post {
            __typename
            id
          }
        } =>
        {
          ... on Post {
            comments__alias_0: comments(limit: 3) {
              __typename
              id
            }
            comments(limit: 1) {
              id
            }
          }
        }
      },
    },
    Flatten(path: "feed.@.comments__alias_0.@") {
      Fetch(service: "c") {
        {
          ... on Comment {
            __typename
            id
          }
        } =>
        {
          ... on Comment {
            authorId
          }
        }
      },
    },
    Flatten(path: "feed.@") {
      Fetch(service: "d") {
        {
          ... on Post {
            __typename
            comments__alias_0: comments {
              authorId
            }
            id
          }
        } =>
        {
          ... on Post {
            author {
              id
            }
          }
        }
      },
    },
  },
}""",
)

# A fragment on an implementation the subgraph of a Federation 1 node field does not declare:
# the key selected on the interface reaches the implementation's subgraph. DIVERGENCE: Apollo
# drops the fragment (one fetch, the field comes back null).
_UNKNOWN_MEMBER = (
    "audit-fed1-node-resolver",
    '{ node(id: "1") { __typename id ... on User { name } } }',
    """QueryPlan {
  Sequence {
    Fetch(service: "node") {
      {
        node(id: "1") {
          __typename
          id
        }
      }
    },
    Flatten(path: "node") {
      Fetch(service: "user") {
        {
          ... on User {
            __typename
            id
          }
        } =>
        {
          ... on User {
            name
          }
        }
      },
    },
  },
}""",
)

CASES = [
    _SUBTYPE,
    _REENTER,
    _ASSEMBLED_KEY,
    _PARENT_ENTITY,
    _SIBLING_ENTITY,
    _REQUIRES_ARGUMENT,
    _UNKNOWN_MEMBER,
]


@pytest.mark.parametrize("kind", ["apollo", "ours"])
@pytest.mark.parametrize(
    ("scenario", "query", "plan"),
    CASES,
    ids=[
        "subtype",
        "reenter",
        "assembled-key",
        "parent-entity",
        "sibling-entity",
        "requires-argument",
        "unknown-member",
    ],
)
def test_audit_plan(kind: str, scenario: str, query: str, plan: str) -> None:
    sdl = SCENARIOS[scenario].supergraph() if kind == "apollo" else ours(scenario)
    assert sdl is not None, f"our composer no longer composes {scenario}"
    router = Router.from_sdl(sdl, _NoClient())
    assert explain(router.prepare(query, None).plan) == plan


@pytest.mark.parametrize("kind", ["apollo", "ours"])
def test_no_root_reentry_through_a_type_condition(kind: str) -> None:
    """``node`` is shared, but ``Chat.id`` is external where ``Account.id`` resolves and the other
    way round: selecting ``node`` again elsewhere could merge two runtime types of one object."""
    name = "audit-corrupted-supergraph-node-id"
    sdl = SCENARIOS[name].supergraph() if kind == "apollo" else ours(name)
    assert sdl is not None
    router = Router.from_sdl(sdl, _NoClient())
    with pytest.raises(RequestError, match=r"Chat\.id") as caught:
        router.prepare('{ node(id: "a1") { id } }', None)
    assert caught.value.errors[0]["extensions"]["code"] == "QUERY_PLANNING_FAILED"
