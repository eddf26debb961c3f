"""certificates_400: certificates of attendance for a 400-person conference, rendered by real workers.

An event that ended yesterday, its register closed, with 400 people marked present (names with
accents, a few long ones). Hub staff issue its certificates through `issue_event_certificates`:
400 rows and, on commit, chunks of CERTIFICATE_RENDER_CHUNK queued to Redis. A `celery worker`
(prefork, concurrency 2 on this 2-core machine, production settings) renders each chunk as one
WeasyPrint document, splits it into one PDF per certificate and stores each in the default
FileSystemStorage under a MEDIA_ROOT of the benchmark's own (deleted afterwards). The clock runs
from the call until all 400 are rendered. Each pool child's VmRSS is sampled every 100 ms, and read
again as each of its chunks ends, to show the worker does not grow across the batch.

The anchor, same run, same rows (reset to queued, files removed): the obvious way, one WeasyPrint
document per certificate as WeasyPrint's documentation shows it (a FontConfiguration and the font
stylesheet made for each document, then `HTML(...).write_pdf(...)`), from the same template, stored
and marked rendered, spread over a multiprocessing pool of 2 so that both ways use both cores. (The
portal loads its fonts once per worker process and lays out a chunk as one document: the two
changes the ratio measures together; the breakdown printed after shows each one's share.) OBVIOUS_SAMPLE are timed first; the
rest only if all would take at most OBVIOUS_BUDGET seconds, else the sample's time is scaled up.

The "ready" notices the workers queue go to an aiosmtpd server in this process; the worker's own
publishing goes to the benchmark's queue (`task_default_queue` on its command line).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import socket
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from benchlib import (
    BenchError,
    CeleryWorker,
    QueueRouting,
    Result,
    RssSampler,
    TaskEndWatcher,
    bench_event,
    compare,
    delete_bench_events,
    proc_status_kb,
    purge_queue,
    queue_length,
)

NAME = "certificates_400"
DESCRIPTION = "400 certificates of attendance rendered by a 2-process worker in chunks, against one WeasyPrint document each: s"

ATTENDEES = 400
# The obvious way renders a sample first; it goes on to all ATTENDEES only if that should take at most
# OBVIOUS_BUDGET seconds (about 0.5 s per certificate per core), else the sample's time is scaled up.
OBVIOUS_SAMPLE = 60
OBVIOUS_BUDGET = 180
QUEUE = "bench_certificates"
TITLE = "Bench certificates 400"
RENDER_TASK = "programmes.tasks.render_certificates"
WORKER_CONCURRENCY = 2
RENDER_TIMEOUT = 180
FIRST = ("Amelia", "Zoë", "Siobhán", "Oliver", "Łukasz", "José", "Chloé", "Mohammed", "Aoife", "Björn", "Priya", "Oluwaseun",
         "Renée", "Dmitrij", "Inès", "George", "Ciarán", "Małgorzata", "Noah", "Ayşe")
LAST = ("Smith", "Ó Súilleabháin", "Nowak", "García", "Müller", "Okafor", "Brontë", "Patel", "Nguyễn", "Jones", "Kowalczyk",
        "Fernández", "Øverland", "Chen", "Dvořák", "Williams", "MacGiolla Phádraig", "Khan", "Lefèvre", "Taylor")
LONG = (
    ("María de los Ángeles", "Fernández-Villalobos y Montenegro de la Cruz"),
    ("Oluwaseun Adebayo Chukwuemeka", "Fitzgerald-Ní Bhriain Okonkwo-Smythe"),
    ("Anne-Sophie Marguerite Éléonore", "de La Tour d'Auvergne-Lauraguais Beaumont-Saint-Clair"),
    ("Nguyễn Thị Minh", "Khai-Hernández Wolfeschlegelsteinhausen-Bergerdorff"),
)


class NoticeCounter:
    """The SMTP server's handler: keeps each accepted message's recipients."""

    def __init__(self):
        self.recipients: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.recipients.extend(address.lower() for address in envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def attendee_name(n: int) -> tuple[str, str]:
    if n % 97 == 13:
        return LONG[(n // 97) % len(LONG)]
    return FIRST[n % len(FIRST)], LAST[(n * 7 // len(FIRST)) % len(LAST)]


def conference(actor):
    """An event that ended yesterday, register closed, with ATTENDEES marked present."""
    from django.utils import timezone

    from programmes.models import EventInvitation, Place, Response

    now = timezone.now()
    event = bench_event(TITLE, starts_in=-timedelta(days=1, hours=8), hours=7, capacity=ATTENDEES, cpd_hours=Decimal("6.0"),
                        register_closed_at=now - timedelta(hours=20), register_closed_by=actor)
    rows = []
    for n in range(ATTENDEES):
        first, last = attendee_name(n)
        rows.append(EventInvitation(
            event=event, email=f"attendee{n}@certificates.bench.example.org", first_name=first, last_name=last,
            email_state="sent", email_sent_at=now - timedelta(days=30), response=Response.ACCEPTED, place=Place.CONFIRMED,
            replied_at=now - timedelta(days=25), attended_at=event.starts_at + timedelta(minutes=n % 40), marked_by=actor,
        ))
    EventInvitation.objects.bulk_create(rows)
    return event


def delete_certificate_events() -> None:
    """The bench's events with their certificates (and the certificates' history), batches and invitations."""
    from programmes.models import Certificate, CertificateBatch, Event

    events = Event.objects.filter(title__startswith=f"{TITLE} ")
    certificates = Certificate.objects.filter(batch__event__in=events)
    ids = list(certificates.values_list("pk", flat=True))
    certificates.delete()
    Certificate.history.model.objects.filter(id__in=ids).delete()
    CertificateBatch.objects.filter(event__in=events).delete()
    delete_bench_events(TITLE)


def check_files(ids: list[int], media: Path, label: str) -> dict[int, tuple]:
    """Every certificate rendered, codes distinct, each file a one-page PDF; returns what to compare later."""
    import pikepdf

    from programmes.models import Certificate, RenderState

    rows = list(Certificate.objects.filter(pk__in=ids).values_list("pk", "code", "render_state", "pdf", "rendered_at"))
    states = Counter(state for _, _, state, _, _ in rows)
    if states != {RenderState.RENDERED: len(ids)}:
        raise BenchError(f"{label}: {dict(states)}, not {len(ids)} rendered")
    if len({code for _, code, _, _, _ in rows}) != len(ids) or len({name for _, _, _, name, _ in rows}) != len(ids):
        raise BenchError(f"{label}: codes or file names are not distinct")
    seen = {}
    for pk, _, _, name, rendered_at in rows:
        data = (media / name).read_bytes()
        with pikepdf.Pdf.open(media / name) as pdf:
            if len(pdf.pages) != 1:
                raise BenchError(f"{label}: {name} has {len(pdf.pages)} pages")
        seen[pk] = (name, rendered_at, hashlib.sha256(data).hexdigest())
    stored = sum(1 for _ in (media / "certificates").rglob("*.pdf"))
    if stored != len(ids):
        raise BenchError(f"{label}: {stored} files stored, not {len(ids)}")
    return seen


def measure_batched(event, workers: CeleryWorker, actor) -> tuple[float, list[int], RssSampler, TaskEndWatcher]:
    from django.utils import timezone

    from programmes.certificates.certificates import issue_event_certificates
    from programmes.certificates.rendering import render_certificates
    from programmes.models import Certificate, RenderState

    sampler, watcher = RssSampler(workers.process.pid).start(), TaskEndWatcher(workers.hostname, RENDER_TASK).start()
    with QueueRouting(render_certificates, QUEUE):
        started = time.perf_counter()
        batch = issue_event_certificates(event, actor=actor, now=timezone.now())
        certificates = Certificate.objects.filter(batch=batch)
        deadline = time.monotonic() + RENDER_TIMEOUT
        while (rendered := certificates.filter(render_state=RenderState.RENDERED).count()) < ATTENDEES:
            if time.monotonic() > deadline or certificates.filter(render_state=RenderState.FAILED).exists():
                states = dict(Counter(certificates.values_list("render_state", flat=True)))
                raise BenchError(f"{rendered} of {ATTENDEES} rendered: {states}\n" + "\n".join(workers.lines[-20:]))
            time.sleep(0.02)
        seconds = time.perf_counter() - started
    watcher.stop_when_idle()
    sampler.stop()
    return seconds, list(certificates.order_by("pk").values_list("pk", flat=True)), sampler, watcher


def check_idempotent(ids: list[int], media: Path, workers: CeleryWorker, before: dict) -> None:
    """Queuing every certificate again renders none of them again."""
    from programmes.certificates.certificates import queue_rendering
    from programmes.certificates.rendering import render_certificates

    with QueueRouting(render_certificates, QUEUE):
        queue_rendering(ids)
    time.sleep(3)
    deadline = time.monotonic() + 30
    while queue_length(QUEUE) or not workers.idle():
        if time.monotonic() > deadline:
            raise BenchError("the worker was still busy 30 s after the certificates were queued again")
        time.sleep(0.2)
    if check_files(ids, media, "queued again") != before:
        raise BenchError("queuing rendered certificates again changed a file or a rendered_at")


def check_notices(ids: list[int], handler: NoticeCounter, workers: CeleryWorker) -> None:
    from programmes.models import Certificate, CertificateNotice

    notices = CertificateNotice.objects.filter(certificate_id__in=ids)
    deadline = time.monotonic() + 120
    while notices.filter(email_state="sent").count() < ATTENDEES:
        if time.monotonic() > deadline:
            states = dict(Counter(notices.values_list("email_state", flat=True)))
            raise BenchError(f"certificate notices: {states}, not {ATTENDEES} sent\n" + "\n".join(workers.lines[-20:]))
        time.sleep(0.1)
    expected = set(Certificate.objects.filter(pk__in=ids).values_list("email", flat=True))
    received = Counter(handler.recipients)
    if set(received) != expected or max(received.values()) != 1:
        raise BenchError(f"notices: {len(received)} recipients of {len(expected)}, most to one {max(received.values())}")


# --- The obvious way: one WeasyPrint document per certificate, in a pool of 2 processes -------------


def _obvious_setup(media: str) -> None:
    os.environ["MEDIA_ROOT"] = media
    import django

    django.setup()


def _obvious_ready(_) -> int:
    time.sleep(0.3)  # so each process of the pool takes one
    return os.getpid()


def _obvious_one(pk: int) -> float:
    """Render, store and mark one certificate as the obvious code would; seconds it took."""
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from hubportal.lib import pdf as fonts_lib
    from programmes.certificates import pdf as cp
    from programmes.models import Certificate, RenderState

    started = time.perf_counter()
    certificate = Certificate.objects.get(pk=pk)
    font_config, fetcher = FontConfiguration(), fonts_lib.LocalOnlyFetcher()
    fonts = CSS(string=fonts_lib.fonts_css(), font_config=font_config, url_fetcher=fetcher)
    html = HTML(string=cp.certificates_html([certificate]), url_fetcher=fetcher, base_url=fonts_lib.font_dir().as_uri())
    pdf = html.write_pdf(stylesheets=[fonts], font_config=font_config, pdf_variant=cp.PDF_VARIANT)
    name = certificate.pdf.storage.save(certificate.pdf.field.generate_filename(certificate, "certificate.pdf"), ContentFile(pdf))
    Certificate.objects.filter(pk=pk).update(render_state=RenderState.RENDERED, pdf=name, rendered_at=timezone.now())
    return time.perf_counter() - started


def measure_obvious(ids: list[int], media: Path) -> tuple[float, float, int]:
    """Seconds for all of `ids` (measured, or scaled from the sample), mean seconds per certificate, how many rendered."""
    from programmes.models import Certificate, RenderState

    shutil.rmtree(media / "certificates")
    Certificate.objects.filter(pk__in=ids).update(render_state=RenderState.QUEUED, pdf="", rendered_at=None)
    with multiprocessing.get_context("spawn").Pool(2, initializer=_obvious_setup, initargs=(str(media),)) as pool:
        for _ in range(10):
            if len(set(pool.map(_obvious_ready, range(2), chunksize=1))) == 2:
                break
        started = time.perf_counter()
        each = pool.map(_obvious_one, ids[:OBVIOUS_SAMPLE], chunksize=1)
        projected = (time.perf_counter() - started) * len(ids) / OBVIOUS_SAMPLE
        if projected <= OBVIOUS_BUDGET:
            each += pool.map(_obvious_one, ids[OBVIOUS_SAMPLE:], chunksize=1)
        seconds = time.perf_counter() - started
    return seconds * len(ids) / len(each), sum(each) / len(each), len(each)


def chunk_breakdown(ids: list[int], media: Path) -> str:
    """Where one chunk's time goes on the portal's path, in this process (untimed by the benchmark's clock)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage
    from weasyprint import HTML

    from hubportal.lib import pdf as fonts_lib
    from programmes.certificates import pdf as cp
    from programmes.models import Certificate

    certificates = list(Certificate.objects.filter(pk__in=ids).order_by("pk"))
    fonts_lib.loaded_fonts.cache_clear()
    loading = time.perf_counter()
    font_config, fonts = fonts_lib.loaded_fonts(str(fonts_lib.font_dir()))
    loading = time.perf_counter() - loading
    for _ in range(2):  # the second, warm, is reported
        marks = [time.perf_counter()]
        html = cp.certificates_html(certificates)
        marks.append(time.perf_counter())
        fetcher = fonts_lib.LocalOnlyFetcher()
        document = HTML(string=html, url_fetcher=fetcher, base_url=fonts_lib.font_dir().as_uri()).render(stylesheets=[fonts], font_config=font_config)
        marks.append(time.perf_counter())
        whole = document.write_pdf(pdf_variant=cp.PDF_VARIANT)
        marks.append(time.perf_counter())
        files = cp.split_pages(whole, titles=[str(c) for c in certificates])
        marks.append(time.perf_counter())
        storage = FileSystemStorage(location=media / "breakdown")
        for n, data in enumerate(files):
            storage.save(f"{n}.pdf", ContentFile(data))
        marks.append(time.perf_counter())
    shutil.rmtree(media / "breakdown", ignore_errors=True)
    alone = time.perf_counter()
    cp.render_certificate_pdfs(certificates[:1])
    alone = time.perf_counter() - alone
    steps = ("template and QR codes", "layout", "write_pdf", "split", "store")
    parts = ", ".join(f"{step} {after - before:.2f} s" for step, before, after in zip(steps, marks, marks[1:], strict=False))
    return (f"loading the fonts (once per worker process) {loading:.2f} s; one chunk of {len(certificates)} in one process: "
            f"{parts}; whole PDF {len(whole) / 1e6:.1f} MB; one certificate alone with the fonts loaded {alone:.3f} s")


def run() -> Iterator[Result]:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from seed_ects import hub_staff

    actor = hub_staff()
    if stale := purge_queue(QUEUE):
        print(f"bench: purged {stale} stale messages from {QUEUE}", flush=True)
    delete_certificate_events()
    media = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    handler = NoticeCounter()
    smtp = Controller(handler, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        event = conference(actor)
        workers = CeleryWorker(QUEUE, concurrency=WORKER_CONCURRENCY, env={
            "MEDIA_ROOT": str(media),
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port), "EMAIL_USE_TLS": "0", "EMAIL_TIMEOUT": "10",
        })
        try:
            workers.wait_until_ready()
            seconds, ids, sampler, watcher = measure_batched(event, workers, actor)
            hwm_at_clock = {pid: proc_status_kb(pid, "VmHWM") or 0 for pid in workers.children()}
            rendered = check_files(ids, media, "workers")
            check_notices(ids, handler, workers)
            check_idempotent(ids, media, workers, rendered)
        finally:
            workers.stop()
        breakdown = chunk_breakdown(ids[:settings.CERTIFICATE_RENDER_CHUNK], media)
        obvious, per_certificate, obvious_count = measure_obvious(ids, media)
        check_files(ids[:obvious_count], media, "one document each")
    finally:
        smtp.stop()
        purge_queue(QUEUE)
        delete_certificate_events()
        shutil.rmtree(media, ignore_errors=True)

    scaled = obvious_count < ATTENDEES
    print(f"bench: {breakdown}", flush=True)
    note = (f"{ATTENDEES} certificates, chunks of {settings.CERTIFICATE_RENDER_CHUNK}, {WORKER_CONCURRENCY} worker processes; "
            f"target 15 s and 10x; anchor: one WeasyPrint document each, pool of 2 processes, "
            + (f"{obvious_count} timed and scaled to {ATTENDEES}" if scaled else f"all {ATTENDEES} timed"))
    yield from compare("certificates_400", seconds, obvious, "s", anchor="one_document_each", note=note)
    yield Result("certificates_400_one_document_each_per_certificate", per_certificate, "s",
                 "mean seconds to render, store and mark one certificate alone, in one process")
    pids = sorted(set(hwm_at_clock) | set(sampler.peak_kb))
    peak = max([*hwm_at_clock.values(), *sampler.peak_kb.values()])
    yield Result("certificates_400_peak_worker_rss", peak / 1024, "MB",
                 f"largest VmHWM or sampled VmRSS of the pool children ({sampler.samples} samples, every 100 ms)")
    for n, pid in enumerate(pids, start=1):
        chunks = watcher.after_task.get(pid, [])
        print(f"bench: worker {n} (pid {pid}): VmHWM {hwm_at_clock.get(pid, 0) / 1024:.0f} MB, sampled peak "
              f"{sampler.peak_kb.get(pid, 0) / 1024:.0f} MB, VmRSS after each of its {len(chunks)} chunks: "
              + ", ".join(f"{kb / 1024:.0f}" for kb in chunks) + " MB", flush=True)
        if chunks:
            yield Result(f"certificates_400_worker{n}_rss_first_chunk", chunks[0] / 1024, "MB", "VmRSS after its first chunk")
            yield Result(f"certificates_400_worker{n}_rss_last_chunk", chunks[-1] / 1024, "MB",
                         f"VmRSS after its last chunk ({len(chunks)} chunks)")
