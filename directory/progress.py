"""A progress bar for long management commands, moved by a ``progress(done, total)`` callback."""
import sys


def progress_bar(description, unit):
    """(a tqdm bar on stderr, a ``progress(done, total)`` callback that moves it). Close the bar."""
    from tqdm import tqdm

    bar = tqdm(total=None, unit=unit, desc=description, file=sys.stderr, leave=False)

    def progress(done, total):
        bar.total = total
        bar.update(done - bar.n)

    return bar, progress
