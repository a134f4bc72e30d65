// Covers SessionDescription (RFC 8866): parsing every line type in §5's order at session and
// media level (the full example of §5, RFC 5118's IPv6 descriptions), bare LF line ends,
// serialization back to the same lines, attribute lookups; each refusal with its SdpError
// (empty, not <type>=<value>, unknown type, out of order, repeated single lines, bad
// version, origin, connection, timing, bandwidth, media and attribute name, missing s=, t=
// or connection, too many lines); formatsOf() (rtpmap, static types, fmtp, unknown dynamic
// types skipped) and addFormats(); streamDirection() and setDirection(); the messages of every
// SdpError.
#include "sipcore/sdp/direction.h"
#include "sipcore/sdp/mediaformat.h"
#include "sipcore/sdp/sdperror.h"
#include "sipcore/sdp/sessiondescription.h"

#include <QFile>
#include <QTest>

using namespace sipcore::sdp;

namespace {

// RFC 8866 §5's example, with the lines it leaves out (i=, e=, p=, b=, r=, z=, k=) added.
const std::string fullExample = "v=0\r\n"
                                "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1\r\n"
                                "s=Call to John Smith\r\n"
                                "i=SDP Offer #1\r\n"
                                "u=http://www.jdoe.example.com/home.html\r\n"
                                "e=Jane Doe <jane@jdoe.example.com>\r\n"
                                "p=+1 617 555-6011\r\n"
                                "c=IN IP4 198.51.100.1\r\n"
                                "b=AS:128\r\n"
                                "t=0 0\r\n"
                                "r=7d 1h 0 25h\r\n"
                                "z=2882844526 -1h 2898848070 0\r\n"
                                "k=prompt\r\n"
                                "a=recvonly\r\n"
                                "m=audio 49170 RTP/AVP 0\r\n"
                                "m=audio 49180 RTP/AVP 0\r\n"
                                "i=second stream\r\n"
                                "c=IN IP4 198.51.100.2\r\n"
                                "b=TIAS:64000\r\n"
                                "k=prompt\r\n"
                                "a=sendrecv\r\n"
                                "m=video 51372 RTP/AVP 99\r\n"
                                "c=IN IP6 2001:db8::2\r\n"
                                "c=IN IP6 2001:db8::3\r\n"
                                "a=rtpmap:99 h263-1998/90000\r\n";

const std::string minimal = "v=0\r\n"
                            "o=- 1 1 IN IP4 192.0.2.1\r\n"
                            "s=-\r\n"
                            "c=IN IP4 192.0.2.1\r\n"
                            "t=0 0\r\n";

/// The body of a SIP message in tests/data (LF line ends): what follows the first empty line.
std::string bodyOf(const QString &name)
{
    QFile file(QStringLiteral(RINGBACK_TEST_DATA_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray data = file.readAll();
    // The RFC 5118 files end their lines in LF alone.
    const qsizetype end = data.indexOf("\n\n");
    return end < 0 ? std::string() : data.mid(end + 2).toStdString();
}

} // namespace

class tst_SessionDescription : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryLineType()
    {
        const auto parsed = SessionDescription::parse(fullExample);
        QVERIFY2(parsed.ok(), parsed.error().message().c_str());
        const SessionDescription &d = *parsed;
        QCOMPARE(d.origin.username, "jdoe");
        QCOMPARE(d.origin.sessionId, "3724394400");
        QCOMPARE(d.origin.sessionVersion, 3724394405u);
        QCOMPARE(d.origin.address, "198.51.100.1");
        QCOMPARE(d.sessionName, "Call to John Smith");
        QCOMPARE(d.information.value_or(""), "SDP Offer #1");
        QCOMPARE(d.uri.value_or(""), "http://www.jdoe.example.com/home.html");
        QCOMPARE(d.emails.size(), 1u);
        QCOMPARE(d.phones.front(), "+1 617 555-6011");
        QVERIFY(d.connection);
        QCOMPARE(d.connection->address, "198.51.100.1");
        QCOMPARE(d.bandwidths.front().type, "AS");
        QCOMPARE(d.bandwidths.front().value, 128u);
        QCOMPARE(d.timings.size(), 1u);
        QCOMPARE(d.timings.front().repeats.front(), "7d 1h 0 25h");
        QCOMPARE(d.timeZones.value_or(""), "2882844526 -1h 2898848070 0");
        QCOMPARE(d.key.value_or(""), "prompt");
        QVERIFY(d.hasAttribute("recvonly"));
        QCOMPARE(d.media.size(), 3u);
        QCOMPARE(d.media[0].port, 49170);
        QCOMPARE(d.connectionFor(d.media[0])->address, "198.51.100.1");
        QCOMPARE(d.media[1].information.value_or(""), "second stream");
        QCOMPARE(d.connectionFor(d.media[1])->address, "198.51.100.2");
        QCOMPARE(d.media[1].bandwidths.front().value, 64000u);
        QCOMPARE(d.media[2].media, "video");
        QCOMPARE(d.media[2].connections.size(), 2u);
        QCOMPARE(d.media[2].connections[1].addrType, "IP6");
        QCOMPARE(d.media[2].attribute("rtpmap").value_or(""), "99 h263-1998/90000");
        QVERIFY(!d.media[2].attribute("fmtp"));
    }

    void serializesBackToTheSameLines()
    {
        const auto parsed = SessionDescription::parse(fullExample);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->toString(), fullExample);
    }

    void acceptsBareLineFeeds()
    {
        std::string text = minimal + "m=audio 4000/2 RTP/AVP 0 8\r\na=ptime:20\r\n";
        std::erase(text, '\r');
        const auto parsed = SessionDescription::parse(text);
        QVERIFY2(parsed.ok(), parsed.error().message().c_str());
        QCOMPARE(parsed->media.front().numberOfPorts.value_or(0), 2u);
        QCOMPARE(parsed->media.front().formats, (std::vector<std::string>{"0", "8"}));
        QCOMPARE(parsed->media.front().attribute("ptime").value_or(""), "20");
        // Written out with CRLF again.
        QVERIFY(parsed->toString().find("m=audio 4000/2 RTP/AVP 0 8\r\n") != std::string::npos);
    }

    void parsesTheIpv6DescriptionsOfRfc5118_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("address");
        QTest::newRow("ipv6-in-sdp") << "rfc5118/ipv6-in-sdp"
                                     << "2001:db8::20";
        QTest::newRow("ipv4-mapped-ipv6") << "rfc5118/ipv4-mapped-ipv6"
                                          << "::ffff:192.0.2.2";
    }
    void parsesTheIpv6DescriptionsOfRfc5118()
    {
        QFETCH(QString, file);
        QFETCH(QString, address);
        const std::string body = bodyOf(file);
        QVERIFY(!body.empty());
        const auto parsed = SessionDescription::parse(body);
        QVERIFY2(parsed.ok(), parsed.error().message().c_str());
        QVERIFY(!parsed->media.empty());
        QCOMPARE(QString::fromStdString(parsed->connectionFor(parsed->media.front())->address),
                 address);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("error");
        const QString m = QString::fromStdString(minimal);
        auto row = [](const char *name, const QString &text, SdpError error) {
            QTest::newRow(name) << text << static_cast<int>(error);
        };
        row("empty", "", SdpError::Empty);
        row("only blank lines", "\r\n\r\n", SdpError::Empty);
        row("no equals sign", m + "a\r\n", SdpError::BadLine);
        row("space before equals", m + "a =sendrecv\r\n", SdpError::BadLine);
        row("upper-case type", m + "A=sendrecv\r\n", SdpError::BadLine);
        row("unknown type", m + "x=1\r\n", SdpError::UnknownType);
        row("not starting with v", "o=- 1 1 IN IP4 192.0.2.1\r\nv=0\r\n", SdpError::OutOfOrder);
        row("version 1", "v=1\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\n", SdpError::BadVersion);
        row("origin missing a field", "v=0\r\no=- 1 1 IN IP4\r\ns=-\r\nt=0 0\r\n",
            SdpError::BadOrigin);
        row("origin version not a number", "v=0\r\no=- 1 x IN IP4 a\r\ns=-\r\nt=0 0\r\n",
            SdpError::BadOrigin);
        row("no origin", "v=0\r\ns=-\r\nt=0 0\r\n", SdpError::OutOfOrder);
        row("no session name", "v=0\r\no=- 1 1 IN IP4 a\r\nt=0 0\r\n",
            SdpError::MissingSessionName);
        row("only v and o", "v=0\r\no=- 1 1 IN IP4 a\r\n", SdpError::MissingSessionName);
        row("no timing", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\n",
            SdpError::MissingTiming);
        row("no timing before media",
            "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nc=IN IP4 a\r\nm=audio 1 RTP/AVP 0\r\n",
            SdpError::MissingTiming);
        row("connection after timing", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nc=IN IP4 a\r\n",
            SdpError::OutOfOrder);
        row("two session connections", m + "c=IN IP4 192.0.2.2\r\n", SdpError::OutOfOrder);
        row("repeat without time", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nr=1 1 0\r\n",
            SdpError::OutOfOrder);
        row("second v line", m + "v=0\r\n", SdpError::OutOfOrder);
        row("u in a stream", m + "m=audio 1 RTP/AVP 0\r\nu=http://x\r\n", SdpError::OutOfOrder);
        row("attribute before connection in a stream",
            m + "m=audio 1 RTP/AVP 0\r\na=sendrecv\r\nc=IN IP4 a\r\n", SdpError::OutOfOrder);
        row("connection with two fields", m + "m=audio 1 RTP/AVP 0\r\nc=IN IP4\r\n",
            SdpError::BadConnection);
        row("timing with letters", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=now 0\r\n",
            SdpError::BadTiming);
        row("timing with three fields", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0 0\r\n",
            SdpError::BadTiming);
        row("bandwidth without colon", "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nb=AS128\r\nt=0 0\r\n",
            SdpError::BadBandwidth);
        row("media without formats", m + "m=audio 1 RTP/AVP\r\n", SdpError::BadMedia);
        row("media port too big", m + "m=audio 65536 RTP/AVP 0\r\n", SdpError::BadMedia);
        row("media port count zero", m + "m=audio 1/0 RTP/AVP 0\r\n", SdpError::BadMedia);
        row("attribute with empty name", m + "a=:x\r\n", SdpError::BadAttribute);
        row("stream without connection",
            "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=audio 1 RTP/AVP 0\r\n",
            SdpError::MissingConnection);
        row("NUL in a value", m + QString("a=tool:x") + QChar(0) + "y\r\n", SdpError::BadLine);
        QString many = m;
        for (int i = 0; i < 2100; ++i)
            many += "a=x\r\n";
        row("too many lines", many, SdpError::TooLarge);
        row("too many bytes", m + "a=x:" + QString(70000, 'y') + "\r\n", SdpError::TooLarge);
    }
    void refuses()
    {
        QFETCH(QString, text);
        QFETCH(int, error);
        const auto parsed = SessionDescription::parse(text.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error(), make_error_code(static_cast<SdpError>(error)));
    }

    void refusedStreamNeedsNoConnection()
    {
        const auto parsed = SessionDescription::parse(
                "v=0\r\no=- 1 1 IN IP4 a\r\ns=-\r\nt=0 0\r\nm=video 0 RTP/AVP 31\r\n");
        QVERIFY2(parsed.ok(), parsed.error().message().c_str());
    }

    void formatsFromRtpmapAndStaticTypes()
    {
        const auto parsed
                = SessionDescription::parse(minimal
                                            + "m=audio 4000 RTP/AVP 96 0 8 9 97 101 18 200 x\r\n"
                                              "a=rtpmap:96 opus/48000/2\r\n"
                                              "a=fmtp:96 useinbandfec=1; minptime=10\r\n"
                                              "a=rtpmap:101 telephone-event/8000\r\n"
                                              "a=fmtp:101 0-15\r\n"
                                              "a=rtpmap:8 pcma/8000\r\n");
        QVERIFY(parsed.ok());
        const auto formats = formatsOf(parsed->media.front());
        QCOMPARE(formats.size(), 6u); // 97 has no rtpmap; 200 and x are not payload types
        QCOMPARE(formats[0].payloadType, 96);
        QCOMPARE(formats[0].encodingName, "opus");
        QCOMPARE(formats[0].clockRate, 48000u);
        QCOMPARE(formats[0].channels, 2u);
        QCOMPARE(formats[0].parameters, "useinbandfec=1; minptime=10");
        QCOMPARE(formats[1].encodingName, "PCMU");
        QCOMPARE(formats[2].encodingName, "pcma"); // its rtpmap, as written
        QVERIFY(formats[2].sameCodec(MediaFormat{8, "PCMA", 8000}));
        QVERIFY(!formats[2].sameCodec(MediaFormat{8, "PCMA", 16000}));
        QCOMPARE(formats[3].encodingName, "G722");
        QCOMPARE(formats[3].clockRate, 8000u);
        QVERIFY(formats[4].isTelephoneEvent());
        QCOMPARE(formats[4].parameters, "0-15");
        QCOMPARE(formats[5].encodingName, "G729");
    }

    void addFormatsWritesRtpmapAndFmtp()
    {
        MediaDescription stream;
        addFormats(stream, {MediaFormat{0, "PCMU", 8000},
                            MediaFormat{96, "opus", 48000, 2, "useinbandfec=1"}});
        QCOMPARE(stream.formats, (std::vector<std::string>{"0", "96"}));
        QCOMPARE(stream.attributes("rtpmap"),
                 (std::vector<std::string_view>{"0 PCMU/8000", "96 opus/48000/2"}));
        QCOMPARE(stream.attributes("fmtp"), (std::vector<std::string_view>{"96 useinbandfec=1"}));
        QCOMPARE(formatsOf(stream).size(), 2u);
    }

    void directions()
    {
        auto parsed = SessionDescription::parse(minimal
                                                + "a=sendonly\r\n"
                                                  "m=audio 1 RTP/AVP 0\r\n"
                                                  "m=audio 2 RTP/AVP 0\r\n"
                                                  "a=inactive\r\n");
        QVERIFY(parsed.ok());
        QCOMPARE(streamDirection(*parsed, parsed->media[0]), Direction::SendOnly);
        QCOMPARE(streamDirection(*parsed, parsed->media[1]), Direction::Inactive);
        parsed->attributeLines.clear();
        QCOMPARE(streamDirection(*parsed, parsed->media[0]), Direction::SendRecv);
        setDirection(parsed->media[1], Direction::RecvOnly);
        QCOMPARE(parsed->media[1].attributes("inactive").size(), 0u);
        QCOMPARE(streamDirection(*parsed, parsed->media[1]), Direction::RecvOnly);
        QCOMPARE(name(Direction::SendOnly), "sendonly");
        QCOMPARE(reversed(Direction::SendOnly), Direction::RecvOnly);
        QCOMPARE(reversed(Direction::SendRecv), Direction::SendRecv);
        QCOMPARE(makeDirection(false, false), Direction::Inactive);
        QVERIFY(sends(Direction::SendOnly) && !receives(Direction::SendOnly));
    }

    void everyErrorHasAMessage()
    {
        for (int value = static_cast<int>(SdpError::Empty);
             value <= static_cast<int>(SdpError::OfferPending); ++value) {
            const std::string message = make_error_code(static_cast<SdpError>(value)).message();
            QVERIFY2(!message.empty() && message != "unknown SDP error", message.c_str());
        }
        QCOMPARE(sdpCategory().name(), "sipcore.sdp");
    }
};

QTEST_APPLESS_MAIN(tst_SessionDescription)
#include "tst_sessiondescription.moc"
