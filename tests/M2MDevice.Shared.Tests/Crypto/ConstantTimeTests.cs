using System;
using M2MDevice.Crypto;

namespace M2MDevice.Tests.Crypto
{
    public class ConstantTimeTests
    {
        [Fact]
        public void AreEqual_SameBytesAtOffsets_ReturnsTrue()
        {
            byte[] a = { 9, 1, 2, 3 };
            byte[] b = { 1, 2, 3, 7, 7 };
            Assert.True(ConstantTime.AreEqual(a, 1, b, 0, 3));
            Assert.True(ConstantTime.AreEqual(a, 0, b, 0, 0));
        }

        [Fact]
        public void AreEqual_AnySingleBitDiffers_ReturnsFalse()
        {
            byte[] a = new byte[16];
            for (int bit = 0; bit < 128; bit++)
            {
                byte[] b = new byte[16];
                b[bit / 8] = (byte)(1 << (bit % 8));
                Assert.False(ConstantTime.AreEqual(a, 0, b, 0, 16));
            }
        }

        [Fact]
        public void AreEqual_RangeOutsideArray_Throws()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(new byte[4], 1, new byte[4], 0, 4));
            Assert.Throws<ArgumentOutOfRangeException>(() => ConstantTime.AreEqual(new byte[4], 0, new byte[4], 0, -1));
            Assert.Throws<ArgumentNullException>(() => ConstantTime.AreEqual(null!, 0, new byte[4], 0, 0));
        }

        [Fact]
        public void Clear_Range_ZeroesOnlyThatRange()
        {
            byte[] buffer = { 1, 2, 3, 4, 5 };
            ConstantTime.Clear(buffer, 1, 3);
            Assert.Equal(new byte[] { 1, 0, 0, 0, 5 }, buffer);
            ConstantTime.Clear(buffer);
            Assert.Equal(new byte[5], buffer);
            ConstantTime.Clear(null!);
        }
    }
}
