"""Print where our composer and @apollo/composition disagree on random subgraph sets.

    .venv/bin/python -m tests.reference.differential_report --examples 300 [--seed N]

Draws subgraph sets from the strategy of ``tests/composer/test_differential_random.py``
(randomly, unlike the test, unless a seed is given), composes them with both composers and
prints every disagreement with its subgraphs.
"""

from __future__ import annotations

import argparse
import random

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.composer.test_differential_cases import load_scorer, ours
from tests.composer.test_differential_random import Case, compare, report, subgraph_sets
from tests.reference.apollo import apollo_compose_many_in_background


def draw(examples: int, seed_value: int) -> list[Case]:
    drawn: list[Case] = []

    @seed(seed_value)
    @settings(
        max_examples=examples,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(subgraph_sets())
    def collect(case: Case) -> None:
        if case not in drawn:
            drawn.append(case)

    collect()
    return drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed_value = args.seed if args.seed is not None else random.randrange(2**32)
    cases = draw(args.examples, seed_value)
    pending = apollo_compose_many_in_background(
        [[(n, f"http://{n}/graphql", s) for n, s in c] for c in cases]
    )
    mine = [ours(c) for c in cases]
    scorer = load_scorer()
    triples = zip(cases, mine, pending.result(), strict=True)
    print(f"seed {seed_value}")
    print(report([compare(c, m, r, scorer) for c, m, r in triples]))


if __name__ == "__main__":
    main()
