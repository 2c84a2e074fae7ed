"""The `assistant` command, run as a user runs it: a real process on a temp index.

ASSISTANT_CORPUS_DIR / ASSISTANT_INDEX_DIR point at temp folders and the working directory is a
temp folder too, so neither the repository's index/ nor a developer's .env is touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.answer import Answer, Verdict
from conftest import ASSISTANT_BIN, CORPUS_DIR

pytestmark = pytest.mark.slow  # the embedding model and real index builds

GENDER_REVEAL = "Can I get a gender reveal scanning course accredited?"
RULE_SENTENCE = "CASE will not accredit courses (full awards or focused)"


@dataclass
class Cli:
    cwd: Path
    env: dict[str, str]
    first_index: subprocess.CompletedProcess

    def run(self, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([str(ASSISTANT_BIN), *args], cwd=self.cwd, env=self.env, input=stdin,
                              capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory, cli_env) -> Cli:
    cwd = tmp_path_factory.mktemp("cli")
    env = cli_env(CORPUS_DIR, cwd / "index")
    first = subprocess.run([str(ASSISTANT_BIN), "index"], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert first.returncode == 0, first.stderr
    return Cli(cwd, env, first)


def _passage_texts(cli: Cli) -> dict[str, str]:
    from assistant.indexer import build_dir, read_manifest
    from conftest import make_settings

    settings = make_settings(CORPUS_DIR, cli.cwd / "index")
    folder = build_dir(settings, read_manifest(settings)["build_id"])
    rows = [json.loads(line) for line in (folder / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    return {r["id"]: r["text"] for r in rows}


def test_index_twice_second_run_embeds_nothing_and_says_so(cli: Cli) -> None:
    first = cli.first_index
    assert "Index built (1 added, 0 changed, 0 removed): 1 document(s), 5 passage(s); embedded 5, reused 0" in first.stdout
    assert "Batches" not in first.stderr  # 5 passages: no progress bar
    second = cli.run("index")
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() == "Index up to date: 1 document(s), 5 passage(s); nothing embedded."
    assert "Embedding" not in second.stderr


def test_ask_json_gender_reveal_cites_the_rule(cli: Cli) -> None:
    done = cli.run("ask", "--json", GENDER_REVEAL)
    assert done.returncode == 0, done.stderr
    answer = Answer.model_validate_json(done.stdout)
    assert answer.question == GENDER_REVEAL
    first_two = answer.citations[:2]
    assert "social-scanning-2021#p4" in [c.id for c in first_two], answer.model_dump_json(indent=1)
    passages = _passage_texts(cli)
    rule = [c for c in first_two if c.id == "social-scanning-2021#p4"][0]
    assert RULE_SENTENCE in rule.quote
    assert rule.quote in rule.passage == passages[rule.id]
    assert answer.verdict in (Verdict.NO, Verdict.DEPENDS)


def test_ask_batch_reads_lines_and_loads_models_once(cli: Cli) -> None:
    questions = [
        GENDER_REVEAL,
        "Who supplied the header photographs on the CASE website?",
        "What is social scanning?",
        "Does CASE accredit individual sonographers?",
    ]
    stdin = "\n".join([
        questions[0],
        json.dumps({"question": questions[1]}),
        "",  # blank lines are skipped
        questions[2],
        json.dumps({"question": questions[3], "channel": "email"}),
    ]) + "\n"
    # The real CLI entry point, with counters on the two expensive loads (embedding model, index).
    probe = (
        "import json, sys, atexit\n"
        "import assistant.offline, sentence_transformers\n"
        "from assistant import knowledge\n"
        "from assistant.cli import main\n"
        "counts = {'embedding_model': 0, 'knowledge_base': 0}\n"
        "def counted(cls, key):\n"
        "    original = cls.__init__\n"
        "    def init(self, *a, **k):\n"
        "        counts[key] += 1\n"
        "        original(self, *a, **k)\n"
        "    cls.__init__ = init\n"
        "counted(sentence_transformers.SentenceTransformer, 'embedding_model')\n"
        "counted(knowledge.KnowledgeBase, 'knowledge_base')\n"
        "atexit.register(lambda: print('LOADS ' + json.dumps(counts), file=sys.stderr))\n"
        "sys.exit(main(['ask', '--json', '-']))\n"
    )
    batch = subprocess.run([sys.executable, "-c", probe], cwd=cli.cwd, env=cli.env, input=stdin,
                           capture_output=True, text=True, timeout=180)
    assert batch.returncode == 0, batch.stderr

    lines = batch.stdout.splitlines()
    assert len(lines) == len(questions), batch.stdout
    answers = [Answer.model_validate_json(line) for line in lines]
    assert [a.question for a in answers] == questions
    loads = json.loads(batch.stderr.split("LOADS ")[-1].splitlines()[0])
    assert loads == {"embedding_model": 1, "knowledge_base": 1}

    # the photo credits are website chrome, not policy
    assert answers[1].verdict == Verdict.NOT_COVERED and answers[1].citations == []
    assert answers[2].citations and answers[2].citations[0].id == "social-scanning-2021#p5"

    assert answers[3].citations  # a policy question in the same batch is answered from the statement


def test_ask_without_an_index_is_a_clear_error(tmp_path: Path, cli_env) -> None:
    done = subprocess.run([str(ASSISTANT_BIN), "ask", "--json", GENDER_REVEAL], cwd=tmp_path,
                          env=cli_env(CORPUS_DIR, tmp_path / "no-index"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "run `assistant index`" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_index_of_a_missing_corpus_folder_is_a_clear_error(tmp_path: Path, cli_env) -> None:
    done = subprocess.run([str(ASSISTANT_BIN), "index"], cwd=tmp_path, env=cli_env(tmp_path / "nowhere", tmp_path / "index"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "Index not built: no statement could be loaded.",
        f"  error: {tmp_path / 'nowhere'}: the corpus folder does not exist",
    ]
    assert "Traceback" not in done.stderr


def test_ask_when_the_chroma_server_is_down_is_a_clear_error(tmp_path: Path, cli_env) -> None:
    import socket

    from assistant.indexer import build_index, manifest_path
    from conftest import make_settings

    settings = make_settings(CORPUS_DIR, tmp_path / "index")
    build_index(settings, progress=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    # the index was built on a server that has since gone away
    manifest = json.loads(manifest_path(settings).read_text(encoding="utf-8"))
    manifest["chroma_url"] = dead
    manifest_path(settings).write_text(json.dumps(manifest), encoding="utf-8")
    env = {**cli_env(CORPUS_DIR, settings.index_dir), "ASSISTANT_CHROMA_URL": dead}
    done = subprocess.run([str(ASSISTANT_BIN), "ask", "--json", GENDER_REVEAL], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith(f"error: cannot reach the Chroma server at {dead}")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_ask_batch_lines_may_carry_an_email_and_the_chat_history(cli: Cli) -> None:
    lines = [
        json.dumps({"question": "Hello,\n\nWe teach diagnostic obstetric ultrasound.\nWould CASE accredit the course?\n\nBest, Jo"}),
        json.dumps({"question": "really? are you sure?", "history": ["Would CASE accredit a course only on fetal sexing scans?"]}),
        json.dumps({"question": "really? are you sure?"}),
    ]
    done = cli.run("ask", "--json", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    email, disputed, alone = [Answer.model_validate_json(line) for line in done.stdout.splitlines() if line.strip()]
    assert email.verdict is Verdict.YES
    assert disputed.verdict is Verdict.NO and disputed.standalone_question
    assert alone.verdict is Verdict.NOT_COVERED


def test_answers_do_not_depend_on_the_processes_hash_seed(cli: Cli) -> None:
    """Set iteration order changes with PYTHONHASHSEED; sums over sets once differed in the last bit
    and picked a different question sentence (one seed in six answered 'depends' instead of 'no')."""
    questions = [
        "Since CASE revised its position in 2024 and now accredits souvenir/keepsake baby scan courses, "
        "what's the application process for getting our 3D/4D keepsake imaging course accredited?",
        "Would CASE endorse a programme teaching ultrasound-guided nerve blocks, or is that out of scope?",
        "hi, can a course for baby bonding scans get a kitemark from CASE? its only for keepsakes",
    ]
    stdin = "".join(json.dumps({"question": q}) + "\n" for q in questions)
    seen = []
    for seed in ("1", "3"):
        done = subprocess.run([str(ASSISTANT_BIN), "ask", "--json", "-"], cwd=cli.cwd, env={**cli.env, "PYTHONHASHSEED": seed},
                              input=stdin, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        answers = [Answer.model_validate_json(line) for line in done.stdout.splitlines()]
        seen.append([(a.verdict, [c.id for c in a.citations], a.answer) for a in answers])
    assert seen[0] == seen[1]
    assert seen[0][0][0] == Verdict.NO
