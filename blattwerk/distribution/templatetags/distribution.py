"""`{% distribution_head %}` in base.html: feed links, hreflang, Open Graph, X card and JSON-LD."""

from django import template

from blattwerk.distribution.head import head_for
from blattwerk.distribution.structured_data import json_ld_script

register = template.Library()


@register.inclusion_tag("distribution/head.html", takes_context=True)
def distribution_head(context) -> dict:
    return {"head": head_for(context)}


@register.filter
def json_ld(data: dict) -> str:
    return json_ld_script(data)
