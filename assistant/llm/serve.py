"""Serve a local GGUF over an OpenAI-compatible API: ``python -m llama_cpp.server`` made safe here.

Same arguments as ``python -m llama_cpp.server`` (``--model PATH --host 127.0.0.1 --port 8080
--n_ctx 2048 --n_threads 2``). The only difference: the model loads with the AMX workaround from
``assistant.llm.cpu``, without which the stock server dies with SIGILL on its first request on
CPUs that advertise AMX. Needs the server extras (fastapi, uvicorn, sse-starlette, starlette-context).
"""

from __future__ import annotations

from assistant.llm.cpu import safe_llama_params


def main() -> None:
    from llama_cpp.server.__main__ import main as llama_server_main

    # The server is this whole process, so the patched default params can stay for its lifetime.
    with safe_llama_params():
        llama_server_main()


if __name__ == "__main__":
    main()
