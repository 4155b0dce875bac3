"""``publisher serve``: a local web app for reviewers and translators (see docs/serving.md).

app.py holds the pages (``create_app``), catalog.py the outcomes of the served folder, editing.py
the post-editing view, security.py the token, Host and header checks, commands.py the CLI command
(``add_serve_parser``, ``run_serve``). Nothing is imported here, so that the CLI loads Flask only
when ``serve`` runs.
"""
