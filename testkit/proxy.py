"""A small round-robin reverse proxy for the soak (what nginx does in compose.scale.yaml).

``python -m testkit.proxy --port P --upstream 127.0.0.1:8101 --upstream 127.0.0.1:8102``

Like nginx's ``proxy_next_upstream error timeout``: a replica that refuses the connection or
does not answer is skipped and the request goes to the next one; when none answers, 502.
The request body is forwarded as is with the secret-token header.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import signal

import aiohttp
from aiohttp import web

FORWARDED_HEADERS = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


def make_app(upstreams: list[str], *, timeout: float = 10.0) -> web.Application:
    ring = itertools.cycle(range(len(upstreams)))
    app = web.Application()

    async def session_ctx(app: web.Application):  # type: ignore[no-untyped-def]
        connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
        app["session"] = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=timeout, sock_connect=1.0)
        )
        yield
        await app["session"].close()

    app.cleanup_ctx.append(session_ctx)

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k in FORWARDED_HEADERS}
        session: aiohttp.ClientSession = request.app["session"]
        first = next(ring)
        for i in range(len(upstreams)):
            upstream = upstreams[(first + i) % len(upstreams)]
            try:
                async with session.request(
                    request.method, f"http://{upstream}{request.rel_url}", data=body, headers=headers
                ) as resp:
                    payload = await resp.read()
                    return web.Response(
                        status=resp.status, body=payload, content_type=resp.content_type or "application/json"
                    )
            except (aiohttp.ClientConnectionError, TimeoutError, OSError):
                continue  # next upstream, as nginx's proxy_next_upstream error timeout
        return web.Response(status=502, text="no upstream answered")

    app.router.add_route("*", "/{tail:.*}", forward)
    return app


async def serve(port: int, upstreams: list[str]) -> None:
    runner = web.AppRunner(make_app(upstreams), access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", action="append", required=True, help="host:port, repeatable")
    args = parser.parse_args()
    asyncio.run(serve(args.port, args.upstream))


if __name__ == "__main__":
    main()
