// Covers BandSplitter at 48 kHz with a 16 kHz low band, in 10 ms blocks and a lag of one
// block, as AudioProcessor uses it:
// - the join is exact: with the low band untouched and a gain of 1, every sample comes back,
//   delay() samples late, and delay() is the lag and 2 ms;
// - a 1 kHz tone travels in the low band and a 12 kHz one in the high band, each leaving
//   the other band (nearly) silent;
// - the high band's gain goes from one value to the other across the block.
#include "sipcore/media/bandsplitter.h"
#include "support/tonelevel.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace sipcore::media;

namespace {

constexpr unsigned Rate = 48000;
constexpr unsigned LowRate = 16000;
constexpr std::size_t Block = Rate / 100;
constexpr std::size_t LowBlock = LowRate / 100;

std::vector<std::int16_t> tone(double frequency, std::size_t samples, double level)
{
    std::vector<std::int16_t> out(samples);
    for (std::size_t i = 0; i < samples; ++i)
        out[i] = static_cast<std::int16_t>(
                level * std::sin(2 * std::numbers::pi * frequency * double(i) / Rate));
    return out;
}

/// What the low and high bands of \a input become when the low band is scaled by
/// \a lowGain and the high band by \a highGain; the low band is held back a block, as the
/// clean-ups do.
std::vector<std::int16_t> runSplit(BandSplitter &splitter,
                                   const std::vector<std::int16_t> &input,
                                   double lowGain,
                                   float highGain)
{
    std::vector<std::int16_t> output(input.size());
    std::vector<std::int16_t> low(LowBlock);
    std::vector<std::int16_t> lagged(LowBlock);
    for (std::size_t at = 0; at + Block <= input.size(); at += Block) {
        splitter.split(std::span(input).subspan(at, Block), low);
        splitter.join(lagged, highGain, highGain, std::span(output).subspan(at, Block));
        for (std::size_t i = 0; i < LowBlock; ++i)
            lagged[i] = static_cast<std::int16_t>(std::lround(low[i] * lowGain));
    }
    return output;
}

double level(const std::vector<std::int16_t> &audio, double frequency)
{
    // The last half second: the filters have long settled.
    return tonelevel::amplitude(std::span(audio).last(Rate / 2), frequency, Rate);
}

} // namespace

class tst_BandSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joinIsExact()
    {
        std::mt19937 random(11);
        std::uniform_int_distribution<int> sample(-20000, 20000);
        std::vector<std::int16_t> input(Rate);
        for (auto &value : input)
            value = static_cast<std::int16_t>(sample(random));
        BandSplitter splitter(Rate, LowRate, Block, 1);
        QCOMPARE(splitter.lowBlockSamples(), LowBlock);
        QCOMPARE(splitter.delay(), Block + Rate / 500);
        const auto output = runSplit(splitter, input, 1, 1);
        for (std::size_t i = splitter.delay(); i < output.size(); ++i) {
            if (output[i] != input[i - splitter.delay()])
                QFAIL(qPrintable(QStringLiteral("sample %1 is %2, not %3")
                                         .arg(i)
                                         .arg(output[i])
                                         .arg(input[i - splitter.delay()])));
        }
    }

    void toneTravelsInItsBand_data()
    {
        QTest::addColumn<double>("frequency");
        QTest::addColumn<bool>("low");
        QTest::newRow("1 kHz, low band") << 1000.0 << true;
        QTest::newRow("12 kHz, high band") << 12000.0 << false;
    }

    void toneTravelsInItsBand()
    {
        QFETCH(double, frequency);
        QFETCH(bool, low);
        const auto input = tone(frequency, Rate, 10000);
        BandSplitter lowOnly(Rate, LowRate, Block, 1);
        const double inLow = level(runSplit(lowOnly, input, 1, 0), frequency);
        BandSplitter highOnly(Rate, LowRate, Block, 1);
        const double inHigh = level(runSplit(highOnly, input, 0, 1), frequency);
        qInfo("low band %.1f, high band %.1f of 10000", inLow, inHigh);
        QVERIFY(std::abs((low ? inLow : inHigh) - 10000) < 10000 * 0.05);
        QVERIFY((low ? inHigh : inLow) < 10000 * 0.01);
    }

    void highGainGoesAcrossTheBlock()
    {
        const auto input = tone(12000, Rate, 10000);
        BandSplitter splitter(Rate, LowRate, Block, 1);
        std::vector<std::int16_t> low(LowBlock);
        const std::vector<std::int16_t> silence(LowBlock);
        std::vector<std::int16_t> output(Block);
        for (std::size_t at = 0; at + Block <= input.size(); at += Block) {
            splitter.split(std::span(input).subspan(at, Block), low);
            splitter.join(silence, 1, 0, output);
        }
        // Falling from full to nothing: the block's first tenth near full, its last near nothing.
        const double first = tonelevel::amplitude(std::span(output).first(Block / 10), 12000, Rate);
        const double last = tonelevel::amplitude(std::span(output).last(Block / 10), 12000, Rate);
        qInfo("first tenth %.0f, last tenth %.0f", first, last);
        QVERIFY(first > 10000 * 0.8);
        QVERIFY(last < 10000 * 0.15);
    }
};

QTEST_GUILESS_MAIN(tst_BandSplitter)
#include "tst_bandsplitter.moc"
