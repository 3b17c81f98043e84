"""The reviewer web interface: server-rendered pages, htmx partials for in-place updates.

One module a screen: articles (list, submit, review page), review (a claim's panel and its
actions), queue, sources. Views validate input with a form, call a service or a selector,
and render; they never write a row themselves.
"""
