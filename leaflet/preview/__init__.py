"""`leaflet preview` and `leaflet build --watch`: rebuild on every save (stage: preview, after publish).

The folder is the pipeline of one preview:
  command.py   the two commands' options and handlers (cli.py imports only this, and it imports the rest lazily)
  watcher.py   input files -> batches of changes (watchfiles), until told to stop
  fresh.py     a function and its argument -> its result, computed in a new process (fonts re-read each time)
  snapshot.py  a leaflet YAML -> Snapshot: page images, check findings or the located error, source lines
  board.py     Snapshots -> the preview's state: version, last good pages, the /status and /view JSON
  server.py    the state -> HTTP on 127.0.0.1: the page (page.html), /status, /view, page images
  watchbuild.py  `leaflet build --watch`: the normal atomic build, again on each save
"""
