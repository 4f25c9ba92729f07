#!/usr/bin/env python3
"""Sends one message to the hub over AMQP 1.0 (Qpid Proton) and waits for its delivery report.

An agency's system logs in as its agency id with its secret, sends the envelope to its own inbound
queue hub.inbound.<agency> (group id: the case, so one case is processed in order), and reads its own
outbound queue hub.outbound.<agency> until the delivery report whose inReplyTo is the message's id
arrives. Other messages met on the way are released, not lost: a receiver (receive_messages.py) takes them.

Usage: send_message.py AMQP_URL AGENCY SECRET MESSAGE.json
   e.g. send_message.py amqp://127.0.0.1:61616 omuta-kodomo demo-omuta-kodomo referral.json
Prints the delivery report; exits 0 when it says delivered, 2 when rejected.
"""
import json
import sys

from proton import Message
from proton.utils import BlockingConnection

url, agency, secret, path = sys.argv[1:5]
with open(path, encoding="utf-8") as f:
    envelope = json.load(f)
message_id = envelope["messageId"]
group = "case:" + envelope["caseId"] if envelope.get("caseId") else None

# SASL PLAIN; outside the demo the URL is amqps:// (TLS) and the password never crosses in clear text
connection = BlockingConnection(url, user=agency, password=secret, allowed_mechs="PLAIN",
                                allow_insecure_mechs=url.startswith("amqp://"), timeout=30)
try:
    sender = connection.create_sender("hub.inbound." + agency)
    sender.send(Message(body=json.dumps(envelope, ensure_ascii=False), content_type="application/json",
                        durable=True, group_id=group))  # returns once the broker has accepted it

    receiver = connection.create_receiver("hub.outbound." + agency)
    while True:
        incoming = receiver.receive(timeout=30)
        report = json.loads(incoming.body)
        if report.get("type") == "delivery-report" and report["payload"].get("inReplyTo") == message_id:
            receiver.accept()  # acknowledged: the hub will not offer it again
            break
        receiver.release()  # not ours to handle here: back on the queue
    print(json.dumps(report, ensure_ascii=False))
    sys.exit(0 if report["payload"]["outcome"] == "delivered" else 2)
finally:
    connection.close()
