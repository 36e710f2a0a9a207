"""Write the course's published addresses into ``_config.yml`` before a build.

Usage: python build_tools/set_addresses.py --site URL --repository URL [--config PATH]

The Pages workflow runs this with GitHub's own values (the Pages base address and the
repository's address), so that no address is ever typed into the course. Only the two
settings' lines change; the file's comments stay.
"""

import argparse
import re
import sys
from pathlib import Path

# The setting's key, the section it sits under, and its empty value in _config.yml.
SETTINGS = {"site": ("html", "baseurl"), "repository": ("repository", "url")}


def set_address(text, section, key, value):
    """Return ``text`` with ``key`` under top-level ``section`` set to ``value``."""
    pattern = re.compile(
        rf'(^{section}:\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+{key}:[ \t]*)"[^"\n]*"', re.MULTILINE
    )
    if not pattern.search(text):
        raise ValueError(f'_config.yml has no quoted "{section}.{key}" setting to fill')
    return pattern.sub(lambda m: f'{m[1]}"{value}"', text, count=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", required=True, help="the published site's address")
    parser.add_argument("--repository", required=True, help="the repository's address")
    parser.add_argument("--config", default="_config.yml", type=Path)
    args = parser.parse_args(argv)
    try:
        text = args.config.read_text()
        for name, (section, key) in SETTINGS.items():
            value = getattr(args, name).strip()
            if not re.fullmatch(r"https?://[^\s\"]+", value):
                raise ValueError(f"--{name} must be an http(s) address, got {value!r}")
            text = set_address(text, section, key, value)
    except (OSError, ValueError) as error:
        print(f"set_addresses: {error}", file=sys.stderr)
        return 1
    args.config.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
