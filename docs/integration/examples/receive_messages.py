#!/usr/bin/env python3
"""Receives what the hub delivers to an agency over AMQP 1.0 (Qpid Proton) and acknowledges each message
only after it is stored, so nothing is lost if the system stops in between (unacknowledged messages
are delivered again; a message id seen before is a redelivery and is acknowledged again, not stored twice).

Usage: receive_messages.py AMQP_URL AGENCY SECRET OUTPUT_DIR [IDLE_SECONDS]
Stores each message as OUTPUT_DIR/<sender>--<messageId>.json and prints one line per message
(type, sender, messageId); stops after IDLE_SECONDS (default 5) without a message.
"""
import json
import os
import sys

from proton.utils import BlockingConnection
from proton import Timeout

url, agency, secret, out = sys.argv[1:5]
idle = float(sys.argv[5]) if len(sys.argv) > 5 else 5.0
os.makedirs(out, exist_ok=True)

connection = BlockingConnection(url, user=agency, password=secret, allowed_mechs="PLAIN",
                                allow_insecure_mechs=url.startswith("amqp://"), timeout=30)
try:
    receiver = connection.create_receiver("hub.outbound." + agency)
    while True:
        try:
            incoming = receiver.receive(timeout=idle)
        except Timeout:
            break
        message = json.loads(incoming.body)
        name = os.path.join(out, "%s--%s.json" % (message["sender"], message["messageId"]))
        with open(name + ".part", "w", encoding="utf-8") as f:
            f.write(incoming.body)
        os.replace(name + ".part", name)  # stored (a redelivery just overwrites the same file)
        receiver.accept()
        print(message["type"], message["sender"], message["messageId"])
        if message["type"] == "delivery-report" and message["payload"]["outcome"] == "rejected":
            for reason in message["payload"].get("reasons", []):
                # one cause per reason, in Japanese with English beside, at the path of the field
                print("  rejected:", reason["code"], reason.get("path"), reason["message"]["ja"], "/", reason["message"]["en"])
finally:
    connection.close()
