package stylized_test

import (
	"fmt"

	"github.com/bubblelab/bubblelab/market/stylized"
)

func ExampleACF() {
	fmt.Printf("%.2f\n", stylized.ACF([]float64{1, 2, 3, 4, 5}, 4))
	// Output:
	// [0.40 -0.10 -0.40 -0.40]
}

func ExampleInverseHill() {
	// The 10% tail of 1..20 is {20, 19} over the threshold 18.
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
	gamma, err := stylized.InverseHill(x, 0.10)
	if err != nil {
		panic(err)
	}
	fmt.Printf("1/alpha = %.4f, alpha = %.2f\n", gamma, 1/gamma)
	// Output:
	// 1/alpha = 0.0797, alpha = 12.54
}
