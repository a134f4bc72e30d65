// Covers StreamFramer (RFC 3261 §18.3 on streams, RFC 5626 §4.4.1 keep-alives): a whole
// message, two back to back, partial header sections and bodies, byte-at-a-time arrival,
// CRLFCRLF pings and CRLF pongs before and between messages, compact and folded
// Content-Length, and the errors that make a stream unusable (missing, malformed and
// conflicting Content-Length, size limits), including RFC 4475 clerr/mcl01 on a stream.
#include "sipcore/syntax/messageparser.h"
#include "sipcore/syntax/streamframer.h"
#include "sipcore/syntax/syntaxerror.h"

#include <QTest>

using namespace sipcore;
using Status = StreamFramer::Status;

Q_DECLARE_METATYPE(sipcore::StreamFramer::Status)
Q_DECLARE_METATYPE(sipcore::SyntaxError)

namespace {

std::string message(std::string_view contentLength, std::string_view body)
{
    std::string text = "MESSAGE sip:bob@example.com SIP/2.0\r\n"
                       "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bKframe\r\n"
                       "From: <sip:alice@example.com>;tag=1\r\n"
                       "To: <sip:bob@example.com>\r\n"
                       "Call-ID: frame-1\r\n"
                       "CSeq: 1 MESSAGE\r\n";
    text += contentLength;
    text += "\r\n\r\n";
    text += body;
    return text;
}

} // namespace

class tst_StreamFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frame_data()
    {
        QTest::addColumn<QByteArray>("buffer");
        QTest::addColumn<Status>("status");
        QTest::addColumn<int>("consumed");
        QTest::addColumn<int>("messageSize"); // -1: no message
        QTest::addColumn<int>("error");       // SyntaxError value, 0 for none
        const auto add = [](const char *name, const std::string &buffer, Status status,
                            int consumed, int messageSize, int error = 0) {
            QTest::newRow(name) << QByteArray::fromStdString(buffer) << status << consumed
                                << messageSize << error;
        };
        const std::string whole = message("Content-Length: 5", "hello");
        const int size = int(whole.size());
        const auto complete = [&](const char *name, const std::string &text) {
            add(name, text, Status::Complete, int(text.size()), int(text.size()));
        };
        add("whole message", whole, Status::Complete, size, size);
        complete("compact l", message("l: 5", "hello"));
        complete("leading zeros", message("Content-Length: 0005", "hello"));
        complete("zero body", message("Content-Length: 0", ""));
        add("two messages, first framed", whole + whole, Status::Complete, size, size);
        add("trailing bytes of the next message", whole + "INVITE sip:", Status::Complete, size,
            size);
        add("header section incomplete", whole.substr(0, 60), Status::NeedMore, 0, -1);
        add("body incomplete", whole.substr(0, whole.size() - 2), Status::NeedMore, 0, -1);
        add("ping alone", "\r\n\r\n", Status::NeedMore, 4, -1);
        add("pong alone", "\r\n", Status::NeedMore, 2, -1);
        add("half a pong", "\r", Status::NeedMore, 0, -1);
        add("ping then message", "\r\n\r\n" + whole, Status::Complete, size + 4, size);
        complete("folded content-length", message("Content-Length:\r\n  5", "hello"));
        complete("same length twice", message("Content-Length: 5\r\nl: 5", "hello"));
        add("missing content-length", message("Subject: none", ""), Status::Bad, 0, -1,
            int(SyntaxError::MissingContentLength));
        add("negative (ncl)", message("Content-Length: -999", ""), Status::Bad, 0, -1,
            int(SyntaxError::BadContentLength));
        add("not a number", message("Content-Length: five", ""), Status::Bad, 0, -1,
            int(SyntaxError::BadContentLength));
        add("conflicting (mcl01)", message("Content-Length: 13\r\nl: 5", "hello"), Status::Bad, 0,
            -1, int(SyntaxError::ConflictingContentLength));
        add("body larger than the limit", message("Content-Length: 9999999", ""), Status::Bad, 0,
            -1, int(SyntaxError::MessageTooLarge));
        add("huge number does not overflow",
            message("Content-Length: 99999999999999999999999999", ""), Status::Bad, 0, -1,
            int(SyntaxError::MessageTooLarge));
        add("larger than the datagram (clerr): keep reading",
            message("Content-Length: 9999", "short"), Status::NeedMore, 0, -1);
        add("endless header section", "OPTIONS sip:a@b SIP/2.0\r\nX: " + std::string(20000, 'x'),
            Status::Bad, 0, -1, int(SyntaxError::MessageTooLarge));
    }
    void frame()
    {
        QFETCH(QByteArray, buffer);
        QFETCH(Status, status);
        QFETCH(int, consumed);
        QFETCH(int, messageSize);
        QFETCH(int, error);
        const std::string_view input(buffer.constData(), std::size_t(buffer.size()));
        const auto result = StreamFramer::frame(input);
        QCOMPARE(result.status, status);
        if (status != Status::Bad)
            QCOMPARE(int(result.consumed), consumed);
        QCOMPARE(int(result.message.size()), messageSize < 0 ? 0 : messageSize);
        QCOMPARE(result.error.value(), error);
        if (error)
            QCOMPARE(&result.error.category(), &syntaxCategory());
        if (status == Status::Complete) {
            QVERIFY(result.message.data() >= input.data());
            QVERIFY(result.message.data() + result.message.size() <= input.data() + input.size());
            QVERIFY2(MessageParser::parseDatagram(result.message).ok(), "framed bytes parse");
        }
    }

    void byteAtATime()
    {
        // Keep-alives, then two messages, arriving one octet at a time as on a slow link.
        const std::string stream = "\r\n\r\n" + message("Content-Length: 5", "hello") + "\r\n"
                                   + message("l: 2", "hi");
        std::string buffer;
        std::vector<std::string> framed;
        std::size_t keepAlive = 0;
        for (char c : stream) {
            buffer.push_back(c);
            for (;;) {
                const auto result = StreamFramer::frame(buffer);
                QVERIFY(result.status != Status::Bad);
                keepAlive += result.keepAliveOctets;
                if (result.status == Status::Complete)
                    framed.emplace_back(result.message);
                buffer.erase(0, result.consumed);
                if (result.status != Status::Complete)
                    break;
            }
        }
        QVERIFY(buffer.empty());
        QCOMPARE(framed.size(), std::size_t(2));
        QVERIFY(framed[0].ends_with("hello"));
        QVERIFY(framed[1].ends_with("hi"));
        QCOMPARE(keepAlive, std::size_t(6));
    }

    void limitsAreConfigurable()
    {
        const std::string whole = message("Content-Length: 5", "hello");
        StreamFramer::Limits small;
        small.maxMessageSize = whole.size() - 1;
        QCOMPARE(StreamFramer::frame(whole, small).error,
                 std::error_code(SyntaxError::MessageTooLarge));
        small = {};
        small.maxHeaderSection = 40;
        QCOMPARE(StreamFramer::frame(whole, small).error,
                 std::error_code(SyntaxError::MessageTooLarge));
    }
};

QTEST_GUILESS_MAIN(tst_StreamFramer)
#include "tst_streamframer.moc"
