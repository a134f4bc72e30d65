<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CallWindow</name>
    <message>
        <source>Hang Up</source>
        <translation>Auflegen</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Wähle…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Es klingelt…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Besetzt</translation>
    </message>
</context>
</TS>
