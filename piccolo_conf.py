"""Piccolo configuration: the engine comes from ``VOC_DATABASE_URL`` (see app/settings.py)."""

from piccolo.conf.apps import AppRegistry

from app.db import APPS, make_engine
from app.settings import database_url_from_env

DB = make_engine(database_url_from_env())

APP_REGISTRY = AppRegistry(apps=list(APPS))
