"""Scanners, receipt printers and the cash drawer: plain threads and callbacks."""
