"""manage.py import_wordpress FILE.xml [--media-dir DIR] [--dry-run]"""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from blattwerk.importers.wordpress import WordPressImporter, WXRError, scan

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Importiert einen WordPress-Export (WXR): Beiträge als Artikel, Seiten, Kategorien als Rubriken, "
        "Schlagwörter als Themen, Autor/innen und Bilder (aus --media-dir). Wiederholbar: ein zweiter Lauf "
        "aktualisiert, statt zu verdoppeln."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Die Exportdatei aus WordPress (Werkzeuge → Daten exportieren).")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="Ordner mit den hochgeladenen Dateien (der Inhalt von wp-content/uploads/).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alles prüfen und zählen, nichts speichern.")
        parser.add_argument("--no-progress", action="store_true", help="Keinen Fortschrittsbalken anzeigen.")

    def handle(self, *args, file: Path, media_dir: Path | None, dry_run: bool, no_progress: bool, **options):
        if not file.is_file():
            raise CommandError(f"Die Datei {file} gibt es nicht. Geben Sie den Pfad zur WXR-Exportdatei an.")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(
                f"Der Medienordner {media_dir} gibt es nicht. Lassen Sie --media-dir weg oder korrigieren Sie den Pfad."
            )
        try:
            total, attachments = scan(file)
            bar = self._progress_bar(total, disabled=no_progress or options["verbosity"] == 0)
            importer = WordPressImporter(file, media_dir=media_dir, dry_run=dry_run, progress=bar.update)
            try:
                report = importer.run(attachments)
            finally:
                bar.close()
        except WXRError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Probelauf (--dry-run): nichts wurde gespeichert."))

    def _progress_bar(self, total: int, disabled: bool):
        try:
            from tqdm import tqdm
        except ImportError:  # tqdm is optional: log every 500 items instead
            return _LogProgress(total)
        return tqdm(total=total, unit=" Einträge", desc="WordPress-Import", disable=disabled, file=self.stderr)


class _LogProgress:
    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.done % 500 == 0 or self.done == self.total:
            logger.info("WordPress-Import: %s von %s Einträgen", self.done, self.total)

    def close(self) -> None:
        pass
