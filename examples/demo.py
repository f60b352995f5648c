"""Switchyard demo: start the sample subgraphs, compose them, and query across them.

    .venv/bin/python examples/demo.py [--base-port 4000] [--user-id u1]

Steps: start the four sample subgraphs (users, orders, reviews, products on base+1..base+4),
wait for their /health, compose ``supergraph.yaml`` (with ``python -m composer``, falling back
to the reference composition when that fails), then run the example queries:

* through the router (``python -m router --supergraph FILE --port base``) when the router
  package has a ``__main__``;
* otherwise by querying each subgraph directly, one step per subgraph, the way a query plan
  would.

Then it keeps everything running until Ctrl-C. With ``DEMO_ONCE=1`` it exits right after
printing. Every child process is stopped by its PID on the way out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "examples" / "queries"
SUBGRAPHS = ("users", "orders", "reviews", "products")
PYTHON = sys.executable
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on %s { %s } } }"


class DemoError(Exception):
    """A step failed; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Child:
    name: str
    popen: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def say(message: str) -> None:
    print(message, flush=True)


# -- processes ---------------------------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


def spawn(name: str, args: Sequence[str], port: int, logs: Path) -> Child:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            list(args), cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )
    return Child(name, popen, port, log)


def wait_healthy(child: Child, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if child.popen.poll() is not None:
                tail = child.log.read_text(errors="replace")[-2000:]
                raise DemoError(f"{child.name} exited with {child.popen.returncode}:\n{tail}")
            try:
                if client.get(child.url + "/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    raise DemoError(f"{child.name} not healthy on port {child.port} after {timeout:.0f}s")


def stop_all(children: list[Child]) -> None:
    for child in children:
        if child.popen.poll() is None:
            os.kill(child.popen.pid, signal.SIGTERM)
    for child in children:
        try:
            child.popen.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(child.popen.pid, signal.SIGKILL)
            child.popen.wait()
    if children:
        say(f"stopped {', '.join(f'{c.name} (pid {c.popen.pid})' for c in children)}")


def start_subgraphs(ports: dict[str, int], logs: Path, children: list[Child]) -> None:
    for name, port in ports.items():
        child = spawn(name, [PYTHON, "-m", f"subgraphs.{name}", "--port", str(port)], port, logs)
        children.append(child)
        say(f"  starting {name:<9} pid {child.popen.pid:<7} http://127.0.0.1:{port}/graphql")
    for child in children:
        wait_healthy(child)
        say(f"  {child.name:<9} healthy")


def start_router(supergraph_path: Path, port: int, logs: Path) -> Child:
    """Start the Switchyard router on ``port`` serving ``supergraph_path`` (not yet healthy)."""
    args = [
        PYTHON,
        "-m",
        "router",
        "--supergraph",
        str(supergraph_path),
        "--port",
        str(port),
        "--config",
        str(ROOT / "examples" / "router.yaml"),
    ]
    return spawn("router", args, port, logs)


# -- composition -------------------------------------------------------------------------------


def demo_config(ports: dict[str, int], workdir: Path) -> Path:
    """``supergraph.yaml`` with routing URLs pointing at ``ports`` (a copy when they differ)."""
    source = ROOT / "supergraph.yaml"
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    changed = False
    for name, sub in config["subgraphs"].items():
        url = f"http://127.0.0.1:{ports[name]}/graphql"
        changed |= sub["routing_url"] != url
        sub["routing_url"] = url
        if "file" in sub["schema"]:
            sub["schema"]["file"] = str((ROOT / sub["schema"]["file"]).resolve())
    if not changed:
        return source
    path = workdir / "supergraph.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def compose(config_path: Path, out: Path) -> str:
    """Compose with Switchyard's composer; fall back to the reference if it exits non-zero.

    Returns which composer produced ``out``.
    """
    cmd = [PYTHON, "-m", "composer", "compose", "--config", str(config_path), "-o", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode == 0 and out.is_file():
        return "switchyard (python -m composer)"
    reason = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
    say(f"  python -m composer failed ({reason}); using the reference composition")
    compose_with_reference(config_path, out)
    return "reference (@apollo/composition)"


def compose_with_reference(config_path: Path, out: Path) -> None:
    script = ROOT / "tests" / "reference" / "compose.mjs"
    if not (ROOT / "tests" / "reference" / "node_modules").is_dir():
        raise DemoError("reference composition not installed (npm install in tests/reference)")
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    subgraphs = [
        {
            "name": name,
            "url": sub["routing_url"],
            "sdl": (config_path.parent / sub["schema"]["file"]).read_text(encoding="utf-8"),
        }
        for name, sub in config["subgraphs"].items()
    ]
    proc = subprocess.run(
        ["node", str(script)],
        input=json.dumps({"subgraphs": subgraphs}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(proc.stdout or "{}")
    if not result.get("ok"):
        raise DemoError(f"composition failed: {result.get('errors') or proc.stderr}")
    out.write_text(result["supergraphSdl"], encoding="utf-8")


# -- queries -----------------------------------------------------------------------------------


def graphql(
    client: httpx.Client, url: str, query: str, variables: dict[str, Any] | None = None
) -> Any:
    r = client.post(url + "/graphql", json={"query": query, "variables": variables or {}})
    body = r.json()
    if r.status_code != 200 or body.get("errors"):
        raise DemoError(f"{url}: {body.get('errors') or r.text}")
    return body["data"]


def query_plan(supergraph: Path, query_file: Path) -> str:
    """The router's query plan for a query, as ``switchyard plan`` prints it."""
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from router.cli import main; sys.exit(main())",
            "plan",
            "--supergraph",
            str(supergraph),
            str(query_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise DemoError(f"planning {query_file.name} failed: {proc.stderr.strip()}")
    return proc.stdout.rstrip()


def through_router(router: Child, user_id: str, supergraph: Path) -> None:
    with httpx.Client(timeout=30.0, headers={"x-user-id": user_id}) as client:
        for name in ("dashboard", "mobile"):
            query_file = QUERIES / f"{name}.graphql"
            query = query_file.read_text(encoding="utf-8")
            data = graphql(client, router.url, query, {"userId": user_id})
            say(f"\n== {name}.graphql through the router ==")
            say(json.dumps(data, indent=2))
            say(f"\n== query plan for {name}.graphql ==")
            say(query_plan(supergraph, query_file))
        me = graphql(client, router.url, (QUERIES / "me.graphql").read_text(encoding="utf-8"))
        say(f"\n== me.graphql through the router (x-user-id: {user_id}) ==")
        say(json.dumps(me, indent=2))


def direct(urls: dict[str, str], user_id: str) -> None:
    """The dashboard assembled by hand: one request per subgraph, like a query plan."""
    with httpx.Client(timeout=30.0, headers={"x-user-id": user_id}) as client:
        user = graphql(client, urls["users"], "{ me { id name email role createdAt } }")["me"]
        if user is None:
            raise DemoError(f"no user {user_id!r}")
        me = [{"__typename": "User", "id": user_id}]
        fields = "totalSpent orders(limit: 5) { id status totalAmount currency items { quantity product { upc name } } }"
        orders = graphql(client, urls["orders"], ENTITIES % ("User", fields), {"r": me})
        fields = "reviews { rating body product { upc } }"
        reviews = graphql(client, urls["reviews"], ENTITIES % ("User", fields), {"r": me})
        top = graphql(
            client, urls["products"], "{ topProducts(first: 5) { upc name price inStock } }"
        )
        mine = orders["_entities"][0]
        written = reviews["_entities"][0]["reviews"]
        upcs = sorted(
            {i["product"]["upc"] for o in mine["orders"] for i in o["items"]}
            | {r["product"]["upc"] for r in written}
        )
        reps = [{"__typename": "Product", "upc": u} for u in upcs]
        catalog = graphql(
            client,
            urls["products"],
            ENTITIES % ("Product", "upc name price weight inStock"),
            {"r": reps},
        )["_entities"]
        shipping = graphql(
            client,
            urls["orders"],
            ENTITIES % ("Product", "upc shippingEstimate"),
            {
                "r": [
                    {**r, "price": p["price"], "weight": p["weight"]}
                    for r, p in zip(reps, catalog, strict=True)
                ]
            },
        )["_entities"]
    products = {p["upc"]: p for p in catalog}
    for s in shipping:
        products[s["upc"]]["shippingEstimate"] = s["shippingEstimate"]
    say("\n== dashboard, assembled from the subgraphs directly ==")
    say(f"{user['name']} <{user['email']}> ({user['role']}), total spent {mine['totalSpent']}")
    for order in mine["orders"]:
        say(
            f"  order {order['id']:<6} {order['status']:<10} {order['totalAmount']:>9} {order['currency']}"
        )
        for item in order["items"]:
            p = products[item["product"]["upc"]]
            say(
                f"    {item['quantity']} x {p['name']:<28} in stock: {p['inStock']!s:<5} shipping {p['shippingEstimate']}"
            )
    say(f"  {len(written)} review(s)")
    for review in written[:5]:
        say(
            f"    {review['rating']}/5 {products[review['product']['upc']]['name']}: {review['body']}"
        )
    say("  top products: " + ", ".join(f"{p['name']} ({p['price']})" for p in top["topProducts"]))


# -- main --------------------------------------------------------------------------------------


def run(args: argparse.Namespace, children: list[Child], workdir: Path) -> None:
    ports = {name: args.base_port + 1 + i for i, name in enumerate(SUBGRAPHS)}
    router_port = args.base_port
    has_router = not args.direct and (ROOT / "router" / "__main__.py").is_file()
    wanted = {**ports, **({"router": router_port} if has_router else {})}
    busy = [f"{port} ({name})" for name, port in wanted.items() if port_in_use(port)]
    if busy:
        raise DemoError(
            f"port(s) in use: {', '.join(busy)}. Stop whatever listens there "
            "or pick other ports with --base-port N."
        )
    say("1. starting the sample subgraphs")
    start_subgraphs(ports, workdir, children)
    say("2. composing supergraph.yaml")
    supergraph = workdir / "supergraph.graphql"
    used = compose(demo_config(ports, workdir), supergraph)
    say(f"  composed with {used}: {supergraph}")
    if has_router:
        say(f"3. starting the router on http://127.0.0.1:{router_port}/graphql")
        router = start_router(supergraph, router_port, workdir)
        children.append(router)
        wait_healthy(router)
        through_router(router, args.user_id, supergraph)
    else:
        why = "--direct" if args.direct else "no router/__main__.py yet"
        say(f"3. without the router ({why}): querying the subgraphs directly")
        direct({n: f"http://127.0.0.1:{p}" for n, p in ports.items()}, args.user_id)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-port", type=int, default=4000, help="router port; subgraphs +1..+4")
    parser.add_argument("--user-id", default="u1", help="the user the dashboard shows")
    parser.add_argument(
        "--direct", action="store_true", help="skip the router: query each subgraph directly"
    )
    args = parser.parse_args(argv)
    once = os.environ.get("DEMO_ONCE") == "1"
    signal.signal(signal.SIGTERM, _interrupt)
    children: list[Child] = []
    workdir = Path(tempfile.mkdtemp(prefix="switchyard-demo-"))
    failed = True
    try:
        run(args, children, workdir)
        failed = False
        if once:
            return 0
        say("\nrunning; press Ctrl-C to stop")
        while all(c.popen.poll() is None for c in children):
            time.sleep(0.5)
        dead = [c for c in children if c.popen.poll() is not None]
        say(f"{', '.join(c.name for c in dead)} exited unexpectedly")
        failed = True
        return 1
    except DemoError as exc:
        say(f"demo failed: {exc}")
        return 1
    except KeyboardInterrupt:
        say("\nstopping")
        return 0
    finally:
        stop_all(children)
        if failed and any(workdir.iterdir()):
            say(f"logs are in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops the demo the way Ctrl-C does, so children are always cleaned up."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
