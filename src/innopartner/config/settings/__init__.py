"""Settings modules: ``base`` (shared), ``dev`` (also the demo), ``test`` and ``production``.

Choose with ``INNOPARTNER_ENV`` (see ``innopartner.config.settings_module``).
"""
