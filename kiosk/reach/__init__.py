"""Anonymous reach counts: what a visit or an outreach session adds, written durably, counted.

- :mod:`kiosk.reach.vocabulary`: the closed sets of codes an event may carry (no personal data)
- :mod:`kiosk.reach.visit`: one visit at the desk, from the first touch to its end
- :mod:`kiosk.reach.outreach`: outreach sessions an outreach worker records
- :mod:`kiosk.reach.log`, :mod:`kiosk.reach.writer`, :mod:`kiosk.reach.receipt`: events queued
  from the screens and committed by one writer thread
- :mod:`kiosk.reach.store`: the events on disk, handed out for sync and marked synced
- :mod:`kiosk.reach.stats`: this device's figures for desk staff
- :mod:`kiosk.reach.simulate`, :mod:`kiosk.reach.simulated_marker`: simulated visits for demos
"""
