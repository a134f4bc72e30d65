// Covers OfferAnswer (RFC 3264 in JSEP's states): our offer (codecs in preference order,
// telephone-event per clock rate, ptime, rtcp-mux, direction, o= version kept for the same
// description and raised for a changed one, IPv6); answering an offer (codecs in our order with
// the offer's numbering, the telephone-event of the chosen codec's rate, §6.1 directions,
// rtcp-mux only when offered, other streams refused with port 0, no usable codec refused,
// unparseable offers, c=0.0.0.0 hold); taking an answer (the answer's first codec sent with
// its number, receive formats, a=rtcp and rtcp-mux, ptime, a refused stream, a second answer
// replacing the first, answers that do not fit); state errors and rollback.
#include "sipcore/sdp/offeranswer.h"
#include "sipcore/sdp/sdperror.h"

#include <QTest>

using namespace sipcore::sdp;

namespace {

LocalMedia local()
{
    return LocalMedia{.address = "127.0.0.1",
                      .port = 40000,
                      .codecs = {MediaFormat{96, "opus", 48000, 2, "useinbandfec=1"},
                                 MediaFormat{9, "G722", 8000}, MediaFormat{0, "PCMU", 8000},
                                 MediaFormat{8, "PCMA", 8000}}};
}

LocalMedia g711Only()
{
    LocalMedia media = local();
    media.codecs = {MediaFormat{0, "PCMU", 8000}, MediaFormat{8, "PCMA", 8000}};
    return media;
}

/// An offer as another phone might write it: \a stream lines after a session part.
std::string remote(const std::string &stream, const std::string &address = "127.0.0.2")
{
    return "v=0\r\no=peer 55 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address
           + "\r\nt=0 0\r\n" + stream;
}

const std::string baresipOffer = remote("m=audio 30000 RTP/AVP 8 0 101\r\n"
                                        "a=rtpmap:101 telephone-event/8000\r\n"
                                        "a=fmtp:101 0-15\r\n"
                                        "a=ptime:20\r\n"
                                        "a=sendrecv\r\n");

SessionDescription parsed(const std::string &text)
{
    auto description = SessionDescription::parse(text);
    if (!description)
        qFatal("does not parse: %s", text.c_str());
    return *description;
}

std::string
answerTo(OfferAnswer &offerAnswer, const std::string &offer, Direction wanted = Direction::SendRecv)
{
    const std::error_code error = offerAnswer.setRemoteOffer(offer);
    if (error)
        qFatal("offer refused: %s", error.message().c_str());
    auto answer = offerAnswer.createAnswer(wanted);
    if (!answer)
        qFatal("no answer: %s", answer.error().message().c_str());
    return *answer;
}

} // namespace

class tst_OfferAnswer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void offerListsCodecsInPreferenceOrder()
    {
        OfferAnswer offerAnswer(local(), "123");
        const auto offer = parsed(offerAnswer.createOffer(Direction::SendRecv));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::HaveLocalOffer);
        QCOMPARE(offer.origin.sessionId, "123");
        QCOMPARE(offer.origin.sessionVersion, 1u);
        QCOMPARE(offer.origin.address, "127.0.0.1");
        QCOMPARE(offer.connection->address, "127.0.0.1");
        QCOMPARE(offer.media.size(), 1u);
        const MediaDescription &audio = offer.media.front();
        QCOMPARE(audio.port, 40000);
        QCOMPARE(audio.proto, "RTP/AVP");
        // telephone-event once per clock rate, numbered from 101 on.
        QCOMPARE(audio.formats, (std::vector<std::string>{"96", "9", "0", "8", "101", "102"}));
        const auto formats = formatsOf(audio);
        QCOMPARE(formats[4].encodingName, "telephone-event");
        QCOMPARE(formats[4].clockRate, 48000u);
        QCOMPARE(formats[4].parameters, "0-16");
        QCOMPARE(formats[5].clockRate, 8000u);
        QCOMPARE(formats[0].parameters, "useinbandfec=1");
        QCOMPARE(audio.attribute("ptime").value_or(""), "20");
        QVERIFY(audio.hasAttribute("rtcp-mux"));
        QCOMPARE(streamDirection(offer, audio), Direction::SendRecv);
    }

    void versionRisesOnlyWhenTheDescriptionChanges()
    {
        OfferAnswer offerAnswer(local(), "123");
        QCOMPARE(parsed(offerAnswer.createOffer(Direction::SendRecv)).origin.sessionVersion, 1u);
        // Replacing the outstanding offer with the same one keeps the version.
        QCOMPARE(parsed(offerAnswer.createOffer(Direction::SendRecv)).origin.sessionVersion, 1u);
        const auto held = parsed(offerAnswer.createOffer(Direction::SendOnly));
        QCOMPARE(held.origin.sessionVersion, 2u);
        QCOMPARE(streamDirection(held, held.media.front()), Direction::SendOnly);
        QCOMPARE(held.origin.sessionId, "123");
    }

    void offerWithoutTelephoneEventAndMuxAndIpv6()
    {
        LocalMedia media = g711Only();
        media.telephoneEvent = false;
        media.rtcpMux = false;
        media.address = "::1";
        OfferAnswer offerAnswer(media, "9");
        const auto offer = parsed(offerAnswer.createOffer(Direction::SendRecv));
        QCOMPARE(offer.media.front().formats, (std::vector<std::string>{"0", "8"}));
        QVERIFY(!offer.media.front().hasAttribute("rtcp-mux"));
        QCOMPARE(offer.origin.addrType, "IP6");
        QCOMPARE(offer.connection->addrType, "IP6");
        QCOMPARE(offer.connection->address, "::1");
    }

    void answersInOurOrderWithTheOffersNumbers()
    {
        OfferAnswer offerAnswer(local(), "1");
        const auto answer
                = parsed(answerTo(offerAnswer, remote("m=audio 30000 RTP/AVP 0 111 110 8\r\n"
                                                      "a=rtpmap:111 OPUS/48000/2\r\n"
                                                      "a=rtpmap:110 telephone-event/48000\r\n"
                                                      "a=rtcp-mux\r\n")));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        const MediaDescription &stream = answer.media.front();
        QCOMPARE(stream.port, 40000);
        QCOMPARE(stream.formats, (std::vector<std::string>{"111", "0", "8", "110"}));
        QVERIFY(stream.hasAttribute("rtcp-mux"));
        const auto &audio = offerAnswer.audio();
        QVERIFY(audio);
        QCOMPARE(audio->sendCodec.encodingName, "OPUS");
        QCOMPARE(audio->sendCodec.payloadType, 111);
        QCOMPARE(audio->sendTelephoneEvent.value_or(MediaFormat{}).payloadType, 110);
        QCOMPARE(audio->receiveFormats.size(), 4u);
        QCOMPARE(audio->remoteAddress, "127.0.0.2");
        QCOMPARE(audio->remoteRtpPort, 30000);
        QVERIFY(audio->rtcpMux);
        QCOMPARE(audio->remoteRtcpPort, 30000);
        QCOMPARE(audio->direction, Direction::SendRecv);
        QCOMPARE(offerAnswer.remoteDirection(), Direction::SendRecv);
    }

    void answersABaresipOffer()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        const auto answer = parsed(answerTo(offerAnswer, baresipOffer));
        const MediaDescription &stream = answer.media.front();
        QCOMPARE(stream.formats, (std::vector<std::string>{"0", "8", "101"}));
        QVERIFY(!stream.hasAttribute("rtcp-mux")); // not offered
        const auto &audio = offerAnswer.audio();
        QVERIFY(audio);
        QCOMPARE(audio->sendCodec.encodingName, "PCMU");
        QCOMPARE(audio->sendTelephoneEvent.value_or(MediaFormat{}).payloadType, 101);
        QVERIFY(!audio->rtcpMux);
        QCOMPARE(audio->remoteRtcpPort, 30001);
        QCOMPARE(audio->sendPtime, 20u);
    }

    void answerDirections_data()
    {
        QTest::addColumn<QString>("offered");
        QTest::addColumn<int>("wanted");
        QTest::addColumn<QString>("answered");
        auto row = [](const char *name, const char *offered, Direction wanted,
                      const char *answered) {
            QTest::newRow(name) << offered << static_cast<int>(wanted) << answered;
        };
        row("sendrecv", "sendrecv", Direction::SendRecv, "sendrecv");
        row("peer holds", "sendonly", Direction::SendRecv, "recvonly");
        row("peer holds, no media before", "inactive", Direction::SendRecv, "inactive");
        row("peer only listens", "recvonly", Direction::SendRecv, "sendonly");
        row("we hold", "sendrecv", Direction::SendOnly, "sendonly");
        row("both hold", "sendonly", Direction::SendOnly, "inactive");
    }
    void answerDirections()
    {
        QFETCH(QString, offered);
        QFETCH(int, wanted);
        QFETCH(QString, answered);
        OfferAnswer offerAnswer(g711Only(), "1");
        const auto answer = parsed(
                answerTo(offerAnswer,
                         remote("m=audio 30000 RTP/AVP 0\r\na=" + offered.toStdString() + "\r\n"),
                         static_cast<Direction>(wanted)));
        QCOMPARE(QString::fromUtf8(name(streamDirection(answer, answer.media.front()))), answered);
        QCOMPARE(QString::fromUtf8(name(offerAnswer.audio()->direction)), answered);
        QCOMPARE(QString::fromUtf8(name(offerAnswer.remoteDirection())), offered);
    }

    void refusesOtherStreamsWithPortZero()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        const auto answer = parsed(answerTo(offerAnswer, remote("m=video 5000 RTP/AVP 31\r\n"
                                                                "m=audio 5002 RTP/SAVP 0\r\n"
                                                                "m=audio 5004 RTP/AVP 18\r\n"
                                                                "m=audio 5006 RTP/AVP 8\r\n"
                                                                "m=audio 5008 RTP/AVP 0\r\n")));
        QCOMPARE(answer.media.size(), 5u);
        const std::vector<int> ports = {0, 0, 0, 40000, 0};
        for (std::size_t i = 0; i < ports.size(); ++i)
            QCOMPARE(answer.media[i].port, ports[i]);
        QCOMPARE(answer.media[0].media, "video");
        QCOMPARE(answer.media[0].formats, (std::vector<std::string>{"31"}));
        QCOMPARE(answer.media[1].proto, "RTP/SAVP");
        QCOMPARE(offerAnswer.audio()->remoteRtpPort, 5006);
        QCOMPARE(offerAnswer.audio()->sendCodec.encodingName, "PCMA");
    }

    void refusesAnOfferWithoutACommonCodec()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        QCOMPARE(offerAnswer.setRemoteOffer(remote("m=audio 5000 RTP/AVP 18\r\n"
                                                   "m=video 5002 RTP/AVP 31\r\n")),
                 make_error_code(SdpError::NoCommonCodec));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        QCOMPARE(offerAnswer.setRemoteOffer("v=0\r\n"), make_error_code(SdpError::BadOrigin));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        QCOMPARE(offerAnswer.createAnswer(Direction::SendRecv).error(),
                 make_error_code(SdpError::NoOfferToAnswer));
        QVERIFY(!offerAnswer.audio());
    }

    void unspecifiedAddressMeansHold()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        answerTo(offerAnswer, remote("m=audio 5000 RTP/AVP 0\r\n", "0.0.0.0"));
        QCOMPARE(offerAnswer.remoteDirection(), Direction::Inactive);
        QVERIFY(!sends(offerAnswer.audio()->direction));
        QVERIFY(receives(offerAnswer.audio()->direction));
    }

    void takesTheAnswersFirstCodec()
    {
        OfferAnswer offerAnswer(local(), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 6000 RTP/AVP 8 0 101\r\n"
                                                    "a=rtpmap:101 telephone-event/8000\r\n"
                                                    "a=rtcp:6101\r\n"
                                                    "a=ptime:30\r\n"
                                                    "a=recvonly\r\n")),
                 std::error_code());
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        const auto &audio = offerAnswer.audio();
        QVERIFY(audio);
        QCOMPARE(audio->sendCodec.encodingName, "PCMA");
        QCOMPARE(audio->sendTelephoneEvent.value_or(MediaFormat{}).payloadType, 101);
        // What we receive is numbered as we offered it: 0, 8 and our telephone-event 102.
        QCOMPARE(audio->receiveFormats.size(), 3u);
        QCOMPARE(audio->receiveFormats[0].encodingName, "PCMU");
        QCOMPARE(audio->receiveFormats[2].payloadType, 102);
        QVERIFY(!audio->rtcpMux);
        QCOMPARE(audio->remoteRtcpPort, 6101);
        QCOMPARE(audio->sendPtime, 30u);
        QCOMPARE(audio->direction, Direction::SendOnly);
        QCOMPARE(offerAnswer.remoteDirection(), Direction::RecvOnly);
    }

    void takesMuxAndIgnoresABadPtime()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 6000 RTP/AVP 0\r\n"
                                                    "a=rtcp-mux\r\n"
                                                    "a=ptime:7\r\n")),
                 std::error_code());
        QVERIFY(offerAnswer.audio()->rtcpMux);
        QCOMPARE(offerAnswer.audio()->remoteRtcpPort, 6000);
        QCOMPARE(offerAnswer.audio()->sendPtime, 20u);
        QVERIFY(!offerAnswer.audio()->sendTelephoneEvent);
    }

    void aRefusedStreamLeavesNoAudio()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 0 RTP/AVP 0\r\n")), std::error_code());
        QVERIFY(!offerAnswer.audio());
        QCOMPARE(offerAnswer.remoteDirection(), Direction::Inactive);
    }

    void aSecondAnswerReplacesTheFirst()
    {
        // Early media in a 183, then a 200 with another answer (another fork).
        OfferAnswer offerAnswer(g711Only(), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 6000 RTP/AVP 0\r\n")),
                 std::error_code());
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 7000 RTP/AVP 8\r\n", "127.0.0.3")),
                 std::error_code());
        QCOMPARE(offerAnswer.audio()->remoteRtpPort, 7000);
        QCOMPARE(offerAnswer.audio()->remoteAddress, "127.0.0.3");
        QCOMPARE(offerAnswer.audio()->sendCodec.encodingName, "PCMA");
    }

    void refusesAnswersThatDoNotFit_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<int>("error");
        auto row = [](const char *name, const std::string &text, SdpError error) {
            QTest::newRow(name) << QString::fromStdString(text) << static_cast<int>(error);
        };
        row("two streams", remote("m=audio 6000 RTP/AVP 0\r\nm=audio 6002 RTP/AVP 0\r\n"),
            SdpError::NotAnswerToOffer);
        row("video", remote("m=video 6000 RTP/AVP 31\r\n"), SdpError::NotAnswerToOffer);
        row("codec we did not offer", remote("m=audio 6000 RTP/AVP 18\r\n"),
            SdpError::NoCommonCodec);
        row("does not parse", "v=0\r\no=x\r\n", SdpError::BadOrigin);
    }
    void refusesAnswersThatDoNotFit()
    {
        QFETCH(QString, answer);
        QFETCH(int, error);
        OfferAnswer offerAnswer(g711Only(), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteAnswer(answer.toStdString()),
                 make_error_code(static_cast<SdpError>(error)));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::HaveLocalOffer);
        QVERIFY(!offerAnswer.audio());
    }

    void stateErrors()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 6000 RTP/AVP 0\r\n")),
                 make_error_code(SdpError::UnexpectedAnswer));
        offerAnswer.createOffer(Direction::SendRecv);
        QCOMPARE(offerAnswer.setRemoteOffer(baresipOffer), make_error_code(SdpError::OfferPending));
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::HaveLocalOffer);
        // After we answered the peer's offer, an answer is unexpected again.
        offerAnswer.rollback();
        answerTo(offerAnswer, baresipOffer);
        QCOMPARE(offerAnswer.setRemoteAnswer(remote("m=audio 6000 RTP/AVP 0\r\n")),
                 make_error_code(SdpError::UnexpectedAnswer));
    }

    void rollbackKeepsWhatWasAgreed()
    {
        OfferAnswer offerAnswer(g711Only(), "1");
        answerTo(offerAnswer, baresipOffer);
        offerAnswer.createOffer(Direction::SendOnly); // hold, refused by the peer
        offerAnswer.rollback();
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        QCOMPARE(offerAnswer.audio()->direction, Direction::SendRecv);
        QCOMPARE(offerAnswer.audio()->remoteRtpPort, 30000);
        offerAnswer.rollback(); // nothing to roll back: no change
        QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
        // The next offer has the version after the refused one.
        const auto offer = parsed(offerAnswer.createOffer(Direction::SendRecv));
        QCOMPARE(offer.origin.sessionVersion, 3u);
    }
};

QTEST_APPLESS_MAIN(tst_OfferAnswer)
#include "tst_offeranswer.moc"
