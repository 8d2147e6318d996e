console.log("Hello from JetCrab!", 1 + 2, [1, 2, 3], { a: 1 });
