#!/usr/bin/env python3
"""A Modbus RTU relay board on a serial port, built on Debian's python3-pymodbus.

The framing, CRC, request decoding and coil store are pymodbus's own, so the gate's driver is
tested against an implementation it shares no code with. Only the port I/O is done here, so
that faults can be injected between pymodbus and the wire.

Commands on stdin, one per line, each answered by one line on stdout:
  coil N                 -> "coil N 0" or "coil N 1"
  requests               -> "requests N"   (frames addressed to this unit, with a good CRC)
  fault none             -> "ok"
  fault silent K|all     -> "ok"           (ignore the next K requests: no reply, no effect)
  fault corrupt K|all    -> "ok"           (act on the next K requests, corrupt the reply CRC)
  fault exception K|all  -> "ok"           (answer the next K with exception 4, device failure)
"ready" is printed once the port is open.
"""
import argparse
import os
import selectors
import sys
import tty

from pymodbus.datastore import (
    ModbusSequentialDataBlock,
    ModbusServerContext,
    ModbusSlaveContext,
)
from pymodbus.factory import ServerDecoder
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.pdu import ModbusExceptions

ALL = -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", required=True)
    parser.add_argument("--unit", type=int, default=1)
    parser.add_argument("--coils", type=int, default=8)
    args = parser.parse_args()

    fd = os.open(args.port, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    store = ModbusSlaveContext(
        co=ModbusSequentialDataBlock(0, [False] * args.coils), zero_mode=True
    )
    context = ModbusServerContext(slaves={args.unit: store}, single=False)
    framer = ModbusRtuFramer(ServerDecoder())
    state = {"fault": "none", "left": 0, "requests": 0}

    def take_fault():
        if state["fault"] == "none":
            return "none"
        fault = state["fault"]
        if state["left"] != ALL:
            state["left"] -= 1
            if state["left"] <= 0:
                state["fault"] = "none"
        return fault

    def handle(request):
        state["requests"] += 1
        fault = take_fault()
        if fault == "silent":
            return
        if fault == "exception":
            response = request.doException(ModbusExceptions.SlaveFailure)
        else:
            response = request.execute(context[request.unit_id])
        response.unit_id = request.unit_id
        response.transaction_id = request.transaction_id
        packet = bytearray(framer.buildPacket(response))
        if fault == "corrupt":
            packet[-1] ^= 0xFF
        os.write(fd, bytes(packet))

    def command(line):
        words = line.split()
        if words[:1] == ["coil"] and len(words) == 2:
            address = int(words[1])
            value = store.getValues(1, address, 1)[0]
            return f"coil {address} {1 if value else 0}"
        if words == ["requests"]:
            return f"requests {state['requests']}"
        if words[:1] == ["fault"] and len(words) in (2, 3):
            state["fault"] = words[1]
            state["left"] = ALL if words[-1] == "all" else int(words[-1]) if len(words) == 3 else 0
            return "ok"
        return f"error unknown command {line.strip()}"

    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ, "port")
    selector.register(sys.stdin, selectors.EVENT_READ, "control")
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            if key.data == "port":
                try:
                    data = os.read(fd, 256)
                except OSError:
                    return
                framer.processIncomingPacket(data, handle, unit=[args.unit], single=False)
            else:
                line = sys.stdin.readline()
                if not line:
                    return
                print(command(line), flush=True)


if __name__ == "__main__":
    main()
