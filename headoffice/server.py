"""`pos-headoffice`: serve the head-office API (migrations are applied on start)."""

import argparse
import os
import sys

from headoffice.errors import HeadOfficeError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pos-headoffice", description=__doc__)
    parser.add_argument(
        "--db",
        default=os.environ.get("POS_HO_DB", "headoffice.db"),
        help="database URL (postgresql+psycopg://...) or SQLite file (default headoffice.db)",
    )
    parser.add_argument(
        "--config", help="settings file (TOML; default $POS_HO_CONFIG, else the defaults)"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)

    import uvicorn

    from headoffice.app import create_app
    from headoffice.config import load
    from headoffice.service import HeadOffice

    try:
        ho = HeadOffice(args.db, config=load(args.config))
    except HeadOfficeError as exc:
        print(f"pos-headoffice: {exc.message}", file=sys.stderr)
        return 2
    try:
        uvicorn.run(create_app(ho), host=args.host, port=args.port, log_level=args.log_level)
    finally:
        ho.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
